using Portal.Domain.Crm;
using Portal.Domain.Scenarios;

namespace Portal.Domain.Processes;

/// <summary>
/// The placeholders a process's activities and conditions may use, with their kinds: the record's fields (as a scenario of
/// the type has them, and the record's own also as <c>Document.*</c>), the start parameters (<c>{{Start.Key}}</c>, text)
/// and the variables set before (<c>{{Variables.Name}}</c>, of their declared type).
/// </summary>
public static class ProcessFields
{
    public const string DocumentPrefix = "Document.";
    public const string StartPrefix = "Start.";

    /// <summary>What the field picker offers: the record's fields and the start parameters.</summary>
    public static IReadOnlyList<ScenarioField> For(CrmEntityType type, IEnumerable<ProcessParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return
        [
            .. ScenarioFields.For(type),
            .. parameters.Where(p => !string.IsNullOrWhiteSpace(p.Key))
                .Select(p => new ScenarioField(
                    StartPrefix + p.Key.Trim(), FieldGroup.Launch, FieldKind.Text, Label: string.IsNullOrWhiteSpace(p.Name) ? p.Key.Trim() : p.Name.Trim())),
        ];
    }

    /// <summary>The field a variable is used by.</summary>
    public static ScenarioField Variable(string name, VariableType type) => new(
        ProcessVariable.Prefix + name,
        FieldGroup.Variables,
        type switch { VariableType.Number => FieldKind.Number, VariableType.Date => FieldKind.Date, _ => FieldKind.Text },
        Label: name);

    /// <summary>Every placeholder by name with its kind: <see cref="For"/>, the record's own fields as <c>Document.*</c>, and <paramref name="variables"/>.</summary>
    public static Dictionary<string, FieldKind> Kinds(CrmEntityType type, IEnumerable<ProcessParameter> parameters, IEnumerable<ScenarioField> variables)
    {
        var kinds = new Dictionary<string, FieldKind>(StringComparer.Ordinal);
        var own = $"{type}.";
        foreach (var field in For(type, parameters).Concat(variables))
        {
            kinds[field.Name] = field.Kind;
            if (field.Name.StartsWith(own, StringComparison.Ordinal))
            {
                kinds[DocumentPrefix + field.Name[own.Length..]] = field.Kind;
            }
        }

        return kinds;
    }
}
