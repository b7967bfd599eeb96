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
    int? MaxLength = null,
    string? Pattern = null)
{
    /// <summary>The resource key of the input's label: "Robots.{robot key}.{input name}".</summary>
    public string LabelKey(string robotKey) => $"Robots.{robotKey}.{Name}";

    /// <summary>The resource key of one of a choice's options: "Robots.{robot key}.{input name}.{option}".</summary>
    public string OptionKey(string robotKey, string option) => $"Robots.{robotKey}.{Name}.{option}";
}

public sealed record RobotDescriptor(
    string Key,
    RobotGroup Group,
    IReadOnlyList<Crm.CrmEntityType> EntityTypes,
    IReadOnlyList<RobotInputDescriptor> Inputs,
    bool InProcesses = false)
{
    /// <summary>The resource key of the robot's title: "Robots.{key}".</summary>
    public string TitleKey => $"Robots.{Key}";

    public RobotInputDescriptor? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    /// <summary>Whether the robot works on records of <paramref name="type"/>.</summary>
    public bool WorksOn(Crm.CrmEntityType type) => EntityTypes.Count == 0 || EntityTypes.Contains(type);

    /// <summary>Every resource key the robot's texts need: its title, each input's label and each choice's options.</summary>
    public IEnumerable<string> TextKeys() =>
        Inputs.SelectMany(i => i.Options.Select(o => i.OptionKey(Key, o)).Prepend(i.LabelKey(Key))).Prepend(TitleKey);
}

/// <summary>
/// Every robot, read once from the classes marked <see cref="RobotAttribute"/>: the class that declares a robot is
/// the class that runs it, so adding a robot is adding one class (and its texts); the editor renders any robot from
/// its descriptor.
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

    /// <summary>The classes of <paramref name="assembly"/> declared with <see cref="RobotAttribute"/>.</summary>
    public static IReadOnlyList<Type> RobotTypes(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes().Where(t => t.GetCustomAttribute<RobotAttribute>() is not null).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyCollection<RobotDescriptor> All => _robots.Values;

    /// <summary>The robots a business process may use, in title-key order (the editor sorts them by their texts).</summary>
    public IReadOnlyList<RobotDescriptor> ForProcesses => _robots.Values.Where(r => r.InProcesses).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    public RobotDescriptor? Find(string key) => _robots.GetValueOrDefault(key);

    /// <summary>The robot's key, read from its class's <see cref="RobotAttribute"/>.</summary>
    public static string KeyOf(Type type) => Attribute(type).Key;

    private static RobotAttribute Attribute(Type type) =>
        type.GetCustomAttribute<RobotAttribute>() ?? throw new InvalidOperationException($"{type.Name} is not declared with [Robot].");

    /// <summary>The robot of <paramref name="type"/> with its inputs, those its base class declares (the inputs a family of robots shares) among them.</summary>
    private static RobotDescriptor Describe(Type type)
    {
        var robot = Attribute(type);
        var inputs = type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.FlattenHierarchy)
            .Select(f => (Field: f, Input: f.GetCustomAttribute<RobotInputAttribute>()))
            .Where(f => f.Input is not null)
            .Select(f => new RobotInputDescriptor(
                f.Field.IsLiteral && f.Field.GetRawConstantValue() is string name ? name
                    : throw new InvalidOperationException($"{type.Name}.{f.Field.Name}: an input is declared on a string constant."),
                f.Input!.Type, f.Input.Order, f.Input.Required, f.Input.Default, f.Input.Options, f.Input.Secret,
                f.Input.MaxLength > 0 ? f.Input.MaxLength : null,
                f.Input.Pattern))
            .OrderBy(i => i.Order)
            .ToList();
        return new RobotDescriptor(robot.Key, robot.Group, robot.EntityTypes, inputs, robot.InProcesses);
    }
}
