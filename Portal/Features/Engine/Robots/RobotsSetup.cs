using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>
/// The robots: every class of this assembly declared with <see cref="RobotAttribute"/> is a robot, registered under its
/// key, and the catalogue the editor, the launch dialog and the engine read is built from the same classes. Adding a
/// robot is adding its class (and its texts); nothing lists robots anywhere else.
/// </summary>
public static class RobotsSetup
{
    /// <summary>The robots this portal has.</summary>
    public static RobotCatalog Catalog { get; } = new(RobotCatalog.RobotTypes(typeof(RobotsSetup).Assembly));

    public static IServiceCollection AddRobots(this IServiceCollection services)
    {
        services.AddSingleton(Catalog);
        foreach (var type in RobotCatalog.RobotTypes(typeof(RobotsSetup).Assembly))
        {
            if (!typeof(IRobot).IsAssignableFrom(type))
            {
                throw new InvalidOperationException($"{type.Name} is declared with [Robot] but does not implement {nameof(IRobot)}.");
            }

            services.AddKeyedSingleton(typeof(IRobot), RobotCatalog.KeyOf(type), type);
        }

        services.AddSingleton<RobotRunner>();
        return services;
    }
}
