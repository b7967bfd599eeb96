namespace Portal.Features.Scenarios;

public static class ScenariosSetup
{
    /// <summary>The scenario designer: commands, preview, the editor's choices and record fields.</summary>
    public static IServiceCollection AddScenarios(this IServiceCollection services)
    {
        services.AddScoped<ScenarioAdmin>();
        services.AddScoped<ScenarioPreview>();
        services.AddScoped<ScenarioChoices>();
        services.AddScoped<EntityFields>();
        return services;
    }
}
