using System.Reflection;

namespace Portal.Domain.Robots;

public sealed record RobotInputDescriptor(
    string Name,
    InputType Type,
    int Order,
    bool Required,
    string? Default,
    IReadOnlyList<string> Options,
    bool Secret,
    int? MaxLength = null)
{
    /// <summary>The resource key of the input's label: "Robots.{robot key}.{input name}".</summary>
    public string LabelKey(string robotKey) => $"Robots.{robotKey}.{Name}";
}

public sealed record RobotDescriptor(
    string Key,
    string TitleKey,
    RobotGroup Group,
    IReadOnlyList<Crm.CrmEntityType> EntityTypes,
    IReadOnlyList<RobotInputDescriptor> Inputs)
{
    public RobotInputDescriptor? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}

/// <summary>
/// Every robot, read once from the classes marked <see cref="RobotAttribute"/>. Adding a robot is
/// adding one class (and its texts); the editor renders any robot from its descriptor.
/// </summary>
public sealed class RobotCatalog
{
    private readonly Dictionary<string, RobotDescriptor> _robots;

    public RobotCatalog(IEnumerable<Type> robotTypes)
    {
        ArgumentNullException.ThrowIfNull(robotTypes);
        _robots = robotTypes
            .Select(Describe)
            .ToDictionary(r => r.Key, StringComparer.Ordinal);
    }

    /// <summary>The robots this library declares.</summary>
    public static RobotCatalog Default { get; } = new(
        typeof(RobotCatalog).Assembly.GetTypes().Where(t => t.GetCustomAttribute<RobotAttribute>() is not null));

    public IReadOnlyCollection<RobotDescriptor> All => _robots.Values;

    public RobotDescriptor? Find(string key) => _robots.GetValueOrDefault(key);

    private static RobotDescriptor Describe(Type type)
    {
        var robot = type.GetCustomAttribute<RobotAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} is not declared with [Robot].");
        var inputs = type.GetProperties()
            .Select(p => (Property: p, Input: p.GetCustomAttribute<RobotInputAttribute>()))
            .Where(p => p.Input is not null)
            .Select(p => new RobotInputDescriptor(
                p.Property.Name, p.Input!.Type, p.Input.Order, p.Input.Required, p.Input.Default, p.Input.Options, p.Input.Secret,
                p.Input.MaxLength > 0 ? p.Input.MaxLength : null))
            .OrderBy(i => i.Order)
            .ToList();
        return new RobotDescriptor(robot.Key, robot.TitleKey, robot.Group, robot.EntityTypes, inputs);
    }
}
