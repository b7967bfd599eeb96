using System.Globalization;
using Portal.Domain.Crm;

namespace Portal.Domain.Processes;

/// <summary>Who a "Start smart scenario" activity launches as.</summary>
public enum RunAsMode
{
    /// <summary>The user who started the process (for an automatic start: who created or moved the record).</summary>
    Starter,

    /// <summary>The record's responsible.</summary>
    Responsible,

    /// <summary>A chosen user.</summary>
    User,
}

/// <summary>What a process variable holds; conditions compare it as such.</summary>
public enum VariableType
{
    Text,
    Number,
    Date,
}

/// <summary>
/// The activities a process can hold: "Start smart scenario", "Condition", "Set variable", "Wait" and the robots declared for
/// processes (<see cref="Robots.RobotDescriptor.InProcesses"/>), which run through the same robot runner as in a scenario.
/// </summary>
public static class ProcessActivities
{
    public const string StartScenario = "bp.start_scenario";

    /// <summary>If / else if / else: its <see cref="ProcessActivity.Branches"/>, the first whose test holds runs.</summary>
    public const string Condition = "bp.condition";

    /// <summary>Sets <c>{{Variables.Name}}</c> for the activities after it: values <see cref="VariableName"/>, <see cref="VariableTypeValue"/>, <see cref="VariableValue"/>.</summary>
    public const string SetVariable = "bp.set_variable";

    /// <summary>Waits for a time, until a date of the record, or until its stage changes: see <see cref="ProcessWait"/>.</summary>
    public const string Wait = "bp.wait";

    public const string VariableName = "Name";
    public const string VariableTypeValue = "Type";
    public const string VariableValue = "Value";

    /// <summary>The element id expression's default: the process's own record.</summary>
    public const string CurrentElement = "{{Document.Id}}";

    public const string ElementId = "ElementId";
    public const string RunAs = "RunAs";
    public const string RunAsUser = "RunAsUser";
    public const string Scenario = "Scenario";

    /// <summary>The prefix of a launch parameter's value: <c>Launch.step1.Message</c>.</summary>
    public const string LaunchPrefix = "Launch.";

    public static ProcessActivity NewStartScenario(long? scenarioId = null) => new(
        StartScenario,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [ElementId] = CurrentElement,
            [RunAs] = nameof(RunAsMode.Starter),
            [Scenario] = scenarioId?.ToString(CultureInfo.InvariantCulture),
        });

    public static ProcessActivity NewCondition(params ProcessBranch[] branches) =>
        new(Condition, new Dictionary<string, string?>(StringComparer.Ordinal), branches);

    public static ProcessActivity NewSetVariable(string name, VariableType type, string expression) => new(
        SetVariable,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [VariableName] = name,
            [VariableTypeValue] = type.ToString(),
            [VariableValue] = expression,
        });

    /// <summary>The type a "Set variable" activity declares; text when it names none (or none it knows).</summary>
    public static VariableType VariableTypeOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Enum.TryParse<VariableType>(activity.Value(VariableTypeValue), out var type) && Enum.IsDefined(type) ? type : VariableType.Text;
    }

    /// <summary>A condition's branches (none for any other kind: only a condition's nested activities are part of the process).</summary>
    public static IReadOnlyList<ProcessBranch> BranchesOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Kind == Condition ? activity.Branches ?? [] : [];
    }

    public static RunAsMode RunAsOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Enum.TryParse<RunAsMode>(activity.Value(RunAs), out var mode) && Enum.IsDefined(mode) ? mode : RunAsMode.Starter;
    }

    public static long? ScenarioOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return long.TryParse(activity.Value(Scenario), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>The launch values by launch key ("step1.Message"), still expressions.</summary>
    public static IReadOnlyDictionary<string, string?> LaunchValuesOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Values.Where(v => v.Key.StartsWith(LaunchPrefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key[LaunchPrefix.Length..], v => v.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The record an element id names: a number is a record of the process's own type; <c>DEAL_12</c>, <c>LEAD_3</c>,
    /// <c>CONTACT_45</c> or <c>COMPANY_7</c> name a record of that type. Null when it names nothing.
    /// </summary>
    public static (CrmEntityType Type, long Id)? ParseElement(string? text, CrmEntityType documentType)
    {
        var value = text?.Trim() ?? string.Empty;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var plain) && plain > 0)
        {
            return (documentType, plain);
        }

        var separator = value.IndexOf('_', StringComparison.Ordinal);
        if (separator > 0
            && Enum.TryParse<CrmEntityType>(value[..separator], ignoreCase: true, out var type) && Enum.IsDefined(type) && !char.IsDigit(value[0])
            && long.TryParse(value[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return (type, id);
        }

        return null;
    }
}
