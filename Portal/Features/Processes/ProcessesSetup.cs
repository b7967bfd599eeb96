namespace Portal.Features.Processes;

public static class ProcessesSetup
{
    /// <summary>Templates, manual starts, the executor; on job-executing nodes, the dispatcher.</summary>
    public static IServiceCollection AddProcesses(this IServiceCollection services, IConfiguration configuration, bool executesJobs)
    {
        services.AddOptions<ProcessOptions>().Bind(configuration.GetSection(ProcessOptions.SectionName));
        services.AddScoped<ProcessAdmin>();
        services.AddScoped<ProcessQueries>();
        services.AddScoped<ProcessControl>();
        services.AddScoped<ProcessInstanceSearch>();
        services.AddScoped<ProcessStarter>();
        services.AddSingleton<ProcessScheduler>();
        services.AddScoped<ProcessExecutor>();
        services.AddSingleton<ProcessDispatcher>();
        if (executesJobs)
        {
            services.AddHostedService(sp => sp.GetRequiredService<ProcessDispatcher>());
        }

        return services;
    }
}
