using Portal.Domain.Messaging;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Features.Webhooks;

namespace Portal.Features.Engine;

public static class RunsSetup
{
    /// <summary>The launch service, the engine and its robots.</summary>
    public static IServiceCollection AddRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RunOptions>()
            .Bind(configuration.GetSection(RunOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => Portal.Jobs.JobsSetup.Every(o.SweepIntervalSeconds) is not null,
                $"{RunOptions.SectionName}:SweepIntervalSeconds must divide a minute (5, 6, 10, 12, 15, 20, 30) or be whole minutes that divide an hour (60, 120, … 1800, 3600).")
            .ValidateOnStart();
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .Validate(
                o => PhoneNormaliser.IsKnownRegion(o.DefaultRegion),
                $"{MessagingOptions.SectionName}:DefaultRegion must be an ISO 3166 region code the phone library (libphonenumber) knows, such as RU, KZ, DE, GB, US or FR.")
            .ValidateOnStart();
        services.AddScoped<LaunchService>();
        services.AddSingleton<RunScheduler>();
        services.AddScoped<ChunkExecutor>();
        services.AddScoped<RunControl>();
        services.AddScoped<RunQueries>();
        services.AddScoped<LaunchPreview>();
        services.AddRobots();
        services.AddWebhooks(configuration);
        return services;
    }
}
