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
}

/// <summary>The groups of the robot picker, as the CRM this imitates shows them.</summary>
public enum RobotGroup
{
    Crm,
    Communication,
    Flow,
    Other,
}

/// <summary>Declares a robot: a stable key (stored in scenarios and runs), its title's resource key and its group.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RobotAttribute(string key, string titleKey, RobotGroup group) : Attribute
{
    public string Key { get; } = key;

    public string TitleKey { get; } = titleKey;

    public RobotGroup Group { get; } = group;

    /// <summary>The entity types the robot works on; none listed means all of them.</summary>
    public CrmEntityType[] EntityTypes { get; init; } = [];
}

/// <summary>Declares one input of a robot, on a property of the robot's class.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
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
}
