using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Domain.Scenarios;

/// <summary>Where an input's value comes from, as the seed's "▪▪▪" picker offers it.</summary>
public enum ValueSource
{
    /// <summary>Chosen now: a fixed value, which may contain placeholders.</summary>
    Fixed,

    /// <summary>Configured by the admin before launch, in the scenario's settings.</summary>
    AdminSetting,

    /// <summary>Asked at launch: becomes a launch parameter.</summary>
    LaunchParameter,
}

/// <summary>
/// One input of a step. <see cref="Value"/> is the fixed value, the admin's setting, or the launch
/// parameter's default, depending on <see cref="Source"/>; <see cref="Label"/> is what the launch dialog asks.
/// </summary>
public sealed record StepInput(string Name, ValueSource Source, string? Value = null, string? Label = null)
{
    public bool HasValue => !string.IsNullOrWhiteSpace(Value);
}

/// <summary>A robot in a scenario, with where each of its inputs comes from.</summary>
public sealed record ScenarioStep(string RobotKey, IReadOnlyList<StepInput> Inputs)
{
    public StepInput? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}

/// <summary>What the launch dialog, the business-process activity and the API ask for. <see cref="Key"/> is "step.input", 1-based.</summary>
public sealed record LaunchParameter(string Key, string Label, InputType Type, bool Required, string? Default);

/// <summary>An admin-before-launch value that is still empty.</summary>
public sealed record MissingSetting(int Step, string RobotKey, string Input);

/// <summary>A scenario cannot be saved or activated as it is; <see cref="Problems"/> says why.</summary>
public sealed class ScenarioException(string code, string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public const string NameRequired = "scenario.name_required";
    public const string NameTooLong = "scenario.name_too_long";
    public const string DescriptionTooLong = "scenario.description_too_long";
    public const string UnknownRobot = "scenario.unknown_robot";
    public const string RobotNotForEntity = "scenario.robot_not_for_entity";
    public const string UnknownInput = "scenario.unknown_input";
    public const string ValueMissing = ErrorCodes.ParameterMissing;
    public const string SettingsMissing = "scenario.settings_missing";

    public string Code { get; } = code;

    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}

/// <summary>
/// A smart scenario: robots in order, each input bound to a fixed value, an admin setting or a launch
/// parameter. It guards its own rules: no unknown robot or input, required fixed values present, and
/// never active while an admin setting is empty. Every change bumps <see cref="Version"/>, which runs snapshot.
/// </summary>
public sealed class Scenario
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    private List<ScenarioStep> _steps = [];

    private Scenario()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public CrmEntityType EntityType { get; private set; }

    public bool IsActive { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<ScenarioStep> Steps => _steps;

    public static Scenario Create(string name, CrmEntityType entityType, string? description = null)
    {
        var scenario = new Scenario { EntityType = entityType };
        scenario.Describe(name, description);
        return scenario;
    }

    public void Describe(string name, string? description)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new ScenarioException(ScenarioException.NameRequired, "A scenario needs a name.");
        }

        if (trimmed.Length > NameMaxLength)
        {
            throw new ScenarioException(ScenarioException.NameTooLong, $"A scenario name has at most {NameMaxLength} characters.");
        }

        var text = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (text is { Length: > DescriptionMaxLength })
        {
            throw new ScenarioException(ScenarioException.DescriptionTooLong, $"A description has at most {DescriptionMaxLength} characters.");
        }

        Name = trimmed;
        Description = text;
        Version++;
    }

    /// <summary>Replaces the steps after checking each against the catalogue; an active scenario must stay complete.</summary>
    public void ReplaceSteps(IEnumerable<ScenarioStep> steps, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(catalog);
        var list = steps.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            Check(i + 1, list[i], catalog);
        }

        if (IsActive && Missing(list).Any())
        {
            throw SettingsMissingError(Missing(list).ToList());
        }

        _steps = list;
        Version++;
    }

    /// <summary>Admin-before-launch values that are still empty, in step order.</summary>
    public IReadOnlyList<MissingSetting> MissingSettings() => Missing(_steps).ToList();

    public void Activate()
    {
        var missing = MissingSettings();
        if (missing.Count > 0)
        {
            throw SettingsMissingError(missing);
        }

        IsActive = true;
        Version++;
    }

    public void Deactivate()
    {
        IsActive = false;
        Version++;
    }

    /// <summary>The asked-at-launch inputs, in step order: the one list every launch path asks for.</summary>
    public IReadOnlyList<LaunchParameter> LaunchParameters(RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return _steps
            .SelectMany((step, index) => step.Inputs
                .Where(input => input.Source == ValueSource.LaunchParameter)
                .Select(input =>
                {
                    var declared = catalog.Find(step.RobotKey)!.Input(input.Name)!;
                    return new LaunchParameter($"{index + 1}.{input.Name}", input.Label ?? input.Name, declared.Type, declared.Required, input.Value);
                }))
            .ToList();
    }

    private void Check(int number, ScenarioStep step, RobotCatalog catalog)
    {
        var robot = catalog.Find(step.RobotKey)
            ?? throw new ScenarioException(ScenarioException.UnknownRobot, $"Step {number}: unknown robot '{step.RobotKey}'.");
        if (robot.EntityTypes.Count > 0 && !robot.EntityTypes.Contains(EntityType))
        {
            throw new ScenarioException(ScenarioException.RobotNotForEntity, $"Step {number}: {robot.Key} does not work on {EntityType}.");
        }

        var unknown = step.Inputs.FirstOrDefault(i => robot.Input(i.Name) is null);
        if (unknown is not null)
        {
            throw new ScenarioException(ScenarioException.UnknownInput, $"Step {number}: {robot.Key} has no input '{unknown.Name}'.");
        }

        var missing = robot.Inputs
            .Where(declared => declared.Required)
            .Where(declared => step.Input(declared.Name) is not { } input || (input.Source == ValueSource.Fixed && !input.HasValue))
            .Select(declared => $"{number}.{declared.Name}")
            .ToList();
        if (missing.Count > 0)
        {
            throw new ScenarioException(ScenarioException.ValueMissing, $"Step {number}: required values are missing.", missing);
        }
    }

    private static IEnumerable<MissingSetting> Missing(IReadOnlyList<ScenarioStep> steps) =>
        steps.SelectMany((step, index) => step.Inputs
            .Where(input => input.Source == ValueSource.AdminSetting && !input.HasValue)
            .Select(input => new MissingSetting(index + 1, step.RobotKey, input.Name)));

    private static ScenarioException SettingsMissingError(IReadOnlyList<MissingSetting> missing) =>
        new(ScenarioException.SettingsMissing,
            "Fill in the scenario settings before activating it.",
            missing.Select(m => $"{m.Step}.{m.Input}").ToList());
}
