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
    /// <summary>Long enough for a WhatsApp message (4,096 characters) written with placeholders.</summary>
    public const int ValueMaxLength = 8000;

    public const int LabelMaxLength = 200;

    public bool HasValue => !string.IsNullOrWhiteSpace(Value);
}

/// <summary>
/// A robot in a scenario, with where each of its inputs comes from. <see cref="Id"/> is stable across
/// reordering (the scenario numbers new steps), so launch parameters and placeholders keep their keys.
/// </summary>
public sealed record ScenarioStep(string RobotKey, IReadOnlyList<StepInput> Inputs)
{
    public int Id { get; init; }

    /// <summary>The prefix of this step's launch-parameter and setting keys: "step3".</summary>
    public string Key => $"step{Id}";

    public StepInput? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    /// <summary>Steps are equal when their robot, id and inputs are (records compare lists by reference).</summary>
    public bool Equals(ScenarioStep? other) =>
        other is not null && Id == other.Id && RobotKey == other.RobotKey && Inputs.SequenceEqual(other.Inputs);

    public override int GetHashCode() => HashCode.Combine(Id, RobotKey, Inputs.Count);
}

/// <summary>Everything an admin edits about a scenario; the editor, duplicate, export and import all speak it.</summary>
public sealed record ScenarioDefinition(string Name, string? Description, CrmEntityType EntityType, IReadOnlyList<ScenarioStep> Steps)
{
    public bool Equals(ScenarioDefinition? other) =>
        other is not null && Name == other.Name && Description == other.Description && EntityType == other.EntityType
        && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Name, EntityType, Steps.Count);
}

/// <summary>What the launch dialog, the business-process activity and the API ask for. <see cref="Key"/> is "step1.Message".</summary>
public sealed record LaunchParameter(string Key, string Label, InputType Type, bool Required, string? Default, IReadOnlyList<string> Options, int? MaxLength = null)
{
    /// <summary>The parameter as a robot input named by its key, for <see cref="InputRules"/>.</summary>
    public RobotInputDescriptor Input => new(Key, Type, 0, Required, Default, Options, Secret: false, MaxLength);

    public bool Equals(LaunchParameter? other) =>
        other is not null && Key == other.Key && Label == other.Label && Type == other.Type && Required == other.Required
        && Default == other.Default && Options.SequenceEqual(other.Options) && MaxLength == other.MaxLength;

    public override int GetHashCode() => HashCode.Combine(Key, Label, Type);
}

/// <summary>
/// One thing wrong with a scenario, where it is: <see cref="Step"/> is the 1-based position (0 for the
/// scenario itself), <see cref="Input"/> the robot input. Template errors add the line, column and placeholder.
/// </summary>
public sealed record ScenarioProblem(string Code, int Step = 0, string? Input = null, int? Line = null, int? Column = null, string? Detail = null)
{
    /// <summary>"2.Message", or the code when the problem is not on an input.</summary>
    public string Where => Input is null ? Code : $"{Step}.{Input}";
}

/// <summary>A scenario cannot be saved or activated as it is; <see cref="Problems"/> says where.</summary>
public sealed class ScenarioException(string code, string message, IReadOnlyList<ScenarioProblem>? problems = null) : Exception(message)
{
    public const string NameRequired = "scenario.name_required";
    public const string NameTooLong = "scenario.name_too_long";
    public const string DescriptionTooLong = "scenario.description_too_long";
    public const string UnknownRobot = "scenario.unknown_robot";
    public const string RobotNotForEntity = "scenario.robot_not_for_entity";
    public const string UnknownInput = "scenario.unknown_input";
    public const string ValueMissing = ErrorCodes.ParameterMissing;
    public const string ValueInvalid = ErrorCodes.ParameterInvalid;
    public const string ValueTooLong = "scenario.value_too_long";
    public const string LabelTooLong = "scenario.label_too_long";
    public const string SettingsMissing = "scenario.settings_missing";
    public const string Deleted = "scenario.deleted";
    public const string Conflict = "scenario.conflict";
    public const string ImportInvalid = "scenario.import_invalid";

    public string Code { get; } = code;

    public IReadOnlyList<ScenarioProblem> Problems { get; } = problems ?? [];
}
