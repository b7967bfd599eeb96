namespace Portal.Features.RunLog;

public static class RunLogSetup
{
    /// <summary>Searching the run log and its dashboard (run queries and control come with the engine's AddRuns).</summary>
    public static IServiceCollection AddRunLog(this IServiceCollection services)
    {
        services.AddScoped<RunSearch>();
        services.AddScoped<RunLogQueries>();
        return services;
    }
}
