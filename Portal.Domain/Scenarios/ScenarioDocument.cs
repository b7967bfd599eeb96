using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Domain.Scenarios;

/// <summary>
/// The export file of a scenario: its definition under a format marker and version, as indented JSON.
/// Secret values are left out (they are re-entered after import); everything else round-trips,
/// step ids included, since placeholders such as <c>{{Launch.step3.Message}}</c> refer to them.
/// </summary>
public static class ScenarioDocument
{
    public const string Format = "portal.scenario";
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

    public static string Export(ScenarioDefinition definition, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalog);
        var file = new FileShape(
            Format,
            FormatVersion,
            definition.Name,
            definition.Description,
            definition.EntityType,
            definition.Steps.Select(step => new StepShape(
                step.Id,
                step.RobotKey,
                step.Inputs.Select(input => new InputShape(
                    input.Name,
                    input.Source,
                    catalog.Find(step.RobotKey)?.Input(input.Name)?.Secret == true ? null : input.Value,
                    input.Label)).ToList<InputShape?>())).ToList<StepShape?>());
        return JsonSerializer.Serialize(file, Options);
    }

    /// <summary>
    /// Reads an export file back into a definition, or throws <see cref="ScenarioException"/> with code
    /// <see cref="ScenarioException.ImportInvalid"/> and one problem saying what is wrong and where, in this order:
    /// the text is not JSON (<c>import.not_json</c>), the JSON is not a scenario export, having no format marker
    /// (<c>import.not_a_scenario</c>), the export is of another format version (<c>import.unsupported_version</c>), the
    /// export holds a member or a value it should not (<c>import.unexpected_value</c>), or misses what it needs.
    /// The definition still goes through <see cref="ScenarioRules"/> when it is saved.
    /// </summary>
    public static ScenarioDefinition Import(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw Invalid("import.not_json", error);
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            throw Invalid("import.not_a_scenario");
        }

        // Checked before the rest: a file of another version may well hold members this one does not know.
        var version = root.TryGetProperty("formatVersion", out var given) ? given : default;
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != FormatVersion)
        {
            throw Invalid("import.unsupported_version", detail: version.ValueKind == JsonValueKind.Undefined ? "0" : version.GetRawText());
        }

        FileShape file;
        try
        {
            file = JsonSerializer.Deserialize<FileShape>(json, Options)!;
        }
        catch (JsonException error)
        {
            throw Invalid("import.unexpected_value", error);
        }

        if (file.EntityType is not { } entityType || !Enum.IsDefined(entityType))
        {
            throw Invalid("import.entity_type_missing");
        }

        var steps = new List<ScenarioStep>();
        foreach (var step in file.Steps ?? [])
        {
            if (string.IsNullOrWhiteSpace(step?.Robot))
            {
                throw Invalid("import.step_without_robot", detail: (steps.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var inputs = (step!.Inputs ?? [])
                .OfType<InputShape>()
                .Where(i => !string.IsNullOrWhiteSpace(i.Name))
                .Select(i => new StepInput(i.Name!, i.Source ?? ValueSource.Fixed, i.Value, i.Label))
                .ToList();
            steps.Add(new ScenarioStep(step!.Robot!, inputs) { Id = step.Id ?? 0 });
        }

        return new ScenarioDefinition(file.Name ?? string.Empty, file.Description, entityType, steps);
    }

    private static ScenarioException Invalid(string code, int? line = null, int? column = null, string? detail = null) =>
        new(ScenarioException.ImportInvalid, $"This is not a valid scenario file ({code}).", [new ScenarioProblem(code, Line: line, Column: column, Detail: detail)]);

    /// <summary>Where the reader stopped: line and column from 1, and the member's path ("steps[0].inputs[1].source").</summary>
    private static ScenarioException Invalid(string code, JsonException error) =>
        Invalid(code, error.LineNumber is { } line ? (int)line + 1 : null, error.BytePositionInLine is { } column ? (int)column + 1 : null, error.Path?.TrimStart('$', '.'));

    private sealed record FileShape(string? Format, int FormatVersion, string? Name, string? Description, CrmEntityType? EntityType, List<StepShape?>? Steps);

    /// <summary><see cref="Id"/> is optional: without it (or when it clashes) the step is numbered on save.</summary>
    private sealed record StepShape(int? Id, string? Robot, List<InputShape?>? Inputs);

    private sealed record InputShape(string? Name, ValueSource? Source, string? Value, string? Label);
}
