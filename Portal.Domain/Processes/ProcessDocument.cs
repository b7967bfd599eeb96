using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Domain.Crm;

namespace Portal.Domain.Processes;

/// <summary>
/// The export file of a business-process template: its definition under a format marker and version, as indented JSON,
/// activities nested as they are stored (a condition's <c>branches</c>, each with its <c>conditions</c> and <c>activities</c>).
/// An imported template is inactive until an administrator switches it on; it still goes through <see cref="ProcessRules"/>
/// when it is saved.
/// </summary>
public static class ProcessDocument
{
    public const string Format = "portal.process";
    public const int FormatVersion = 1;

    /// <summary>Files larger than this are refused before parsing.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Export(ProcessDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var file = new FileShape(
            Format, FormatVersion, definition.Name, definition.Description, definition.EntityType, definition.StartsManually, definition.StartsOnCreate,
            definition.StartsOnStageChange, definition.StartStageId, [.. definition.Parameters], [.. definition.Activities]);
        return JsonSerializer.Serialize(file, Options);
    }

    /// <summary>
    /// Reads an export file back into an inactive definition, or returns the problem (its field the JSON path where the reader
    /// stopped, when it knows): not JSON (<see cref="ProcessErrors.ImportNotJson"/>), not a process export
    /// (<see cref="ProcessErrors.ImportNotAProcess"/>), of another format version (<see cref="ProcessErrors.ImportUnsupportedVersion"/>),
    /// or holding a member or value it should not (<see cref="ProcessErrors.ImportUnexpectedValue"/>).
    /// </summary>
    public static (ProcessDefinition? Definition, ProcessProblem? Problem) Import(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return (null, new ProcessProblem(error.Path ?? string.Empty, ProcessErrors.ImportNotJson));
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            return (null, new ProcessProblem(string.Empty, ProcessErrors.ImportNotAProcess));
        }

        // Checked before the rest: a file of another version may well hold members this one does not know.
        if (!root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var number) || number != FormatVersion)
        {
            return (null, new ProcessProblem("formatVersion", ProcessErrors.ImportUnsupportedVersion));
        }

        FileShape file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Options)!;
        }
        catch (JsonException error)
        {
            return (null, new ProcessProblem(error.Path?.TrimStart('$', '.') ?? string.Empty, ProcessErrors.ImportUnexpectedValue));
        }

        if (file.EntityType is not { } entityType || !Enum.IsDefined(entityType))
        {
            return (null, new ProcessProblem("entityType", ProcessErrors.ImportUnexpectedValue));
        }

        return (new ProcessDefinition(
            file.Name ?? string.Empty, file.Description, entityType, false, file.StartsManually, file.StartsOnCreate, file.StartsOnStageChange, file.StartStageId,
            (file.Parameters ?? []).OfType<ProcessParameter>().ToList(), Complete(file.Activities)), null);
    }

    /// <summary>The activities with every list and dictionary a file may leave out present (empty), and nothing null in them.</summary>
    private static List<ProcessActivity> Complete(IEnumerable<ProcessActivity?>? activities) =>
        (activities ?? []).OfType<ProcessActivity>()
            .Select(a => a with
            {
                Kind = a.Kind ?? string.Empty,
                Values = a.Values ?? new Dictionary<string, string?>(StringComparer.Ordinal),
                Branches = a.Branches?.OfType<ProcessBranch>()
                    .Select(b => b with { Conditions = (b.Conditions ?? []).OfType<ProcessComparison>().ToList(), Activities = Complete(b.Activities) })
                    .ToList(),
            })
            .ToList();

    private sealed record FileShape(
        string? Format,
        int FormatVersion,
        string? Name,
        string? Description,
        CrmEntityType? EntityType,
        bool StartsManually,
        bool StartsOnCreate,
        bool StartsOnStageChange,
        int? StartStageId,
        List<ProcessParameter?>? Parameters,
        List<ProcessActivity?>? Activities);
}
