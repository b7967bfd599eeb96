using Portal.Domain.Crm;

namespace Portal.Domain.Robots;

/// <summary>How an input is edited and checked. Where its value comes from is separate (<see cref="Scenarios.ValueSource"/>).</summary>
public enum InputType
{
    SingleLine,
    MultiLine,
    Phone,
    WhatsAppLine,
    User,
    Stage,
    Number,
    YesNo,
    Duration,
    Choice,

    /// <summary>An absolute http or https address, with placeholders; checked once they are filled in.</summary>
    Url,

    /// <summary>A JSON document with placeholders: each value filled in is escaped as JSON text, and the result must parse.</summary>
    Json,
}

/// <summary>The groups of the robot picker, as the CRM this imitates shows them.</summary>
public enum RobotGroup
{
    Crm,
    Communication,
    Flow,
    Other,
}

/// <summary>
/// Declares a robot on the class that runs it: a stable key (stored in scenarios and runs) and its group. Its texts
/// come from the resources by the key: the title is <c>Robots.{key}</c>, an input's label <c>Robots.{key}.{input}</c>,
/// a choice's option <c>Robots.{key}.{input}.{option}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RobotAttribute(string key, RobotGroup group) : Attribute
{
    public string Key { get; } = key;

    public RobotGroup Group { get; } = group;

    /// <summary>The entity types the robot works on; none listed means all of them.</summary>
    public CrmEntityType[] EntityTypes { get; init; } = [];

    /// <summary>Whether a business process may use the robot as an activity (a batch of one record, no run).</summary>
    public bool InProcesses { get; init; }
}

/// <summary>
/// Declares one input of a robot, on a constant of the robot's class whose value is the input's name
/// (<c>[RobotInput(InputType.MultiLine, 1)] public const string Text = nameof(Text);</c>): the robot reads the value by
/// that constant, so the name is written once.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class RobotInputAttribute(InputType type, int order) : Attribute
{
    public InputType Type { get; } = type;

    public int Order { get; } = order;

    public bool Required { get; init; }

    public string? Default { get; init; }

    /// <summary>For <see cref="InputType.Choice"/>: the allowed values (their labels are resources).</summary>
    public string[] Options { get; init; } = [];

    /// <summary>Masked wherever values are shown (run log, previews).</summary>
    public bool Secret { get; init; }

    /// <summary>The longest value the robot takes, after placeholders are filled in; 0 for no limit of its own.</summary>
    public int MaxLength { get; init; }

    /// <summary>
    /// A regular expression the whole value (trimmed, after placeholders are filled in) must match, such as WhatsApp's
    /// rule for template names: the editor refuses a fixed value that does not, the launch check and the engine a
    /// rendered one.
    /// </summary>
    public string? Pattern { get; init; }
}
