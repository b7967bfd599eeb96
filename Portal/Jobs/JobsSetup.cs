using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Hosting;

namespace Portal.Jobs;

public static class JobsSetup
{
    /// <summary>Hangfire's tables live in this schema of the portal's own database.</summary>
    public const string Schema = "hangfire";

    /// <summary>
    /// Hangfire with its storage in the portal's PostgreSQL. Every process enqueues; a process that executes jobs runs one
    /// Hangfire server per queue (<see cref="JobQueues"/>), each with its own workers. The storage is registered as this
    /// app's own singleton (not Hangfire's global <c>JobStorage.Current</c>), so several apps in one test host never
    /// share one; its schema is prepared by <see cref="Data.DatabaseInitializer"/> under the start-up advisory lock.
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, PortalOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var jobs = options.Jobs;
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = false,
            // Not the storage's long polling: each fetch then blocks its worker thread on a LISTEN task that needs the
            // thread pool, and on a busy two-core machine fetched jobs sat for tens of seconds before they started.
            EnableLongPolling = false,
            QueuePollInterval = TimeSpan.FromMilliseconds(jobs.QueuePollMilliseconds),
            InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
            UseSlidingInvisibilityTimeout = true,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };

        services.AddSingleton<JobNode>();

        // This app's own storage and activator: Hangfire would otherwise take its process-wide JobStorage.Current and
        // JobActivator.Current, which the last app configured in a test host overwrites.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(provider.GetRequiredService<ILoggerFactory>())));

        if (options.Role.ExecutesJobs())
        {
            AddServer(services, JobQueues.Runs, jobs.RunWorkers, jobs);
            AddServer(services, JobQueues.Processes, jobs.ProcessWorkers, jobs);
            AddServer(services, JobQueues.Default, jobs.DefaultWorkers, jobs);
        }

        services.AddScoped<JobEngineMonitor>();
        return services;
    }

    /// <summary>The recurring jobs, written (or updated) at every start; the storage keeps one of each for the whole cluster.</summary>
    public static void AddRecurringJobs(IRecurringJobManager recurring, Features.Engine.RunOptions runs)
    {
        ArgumentNullException.ThrowIfNull(recurring);
        ArgumentNullException.ThrowIfNull(runs);
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurring.AddOrUpdate<RunSweeperJob>(
            RunSweeperJob.RecurringId, JobQueues.Default, job => job.RunAsync(CancellationToken.None), Every(runs.SweepIntervalSeconds)!, utc);
        recurring.AddOrUpdate<JobHistoryCleanupJob>(
            JobHistoryCleanupJob.RecurringId, JobQueues.Default, job => job.RunAsync(CancellationToken.None), "30 3 * * *", utc);
    }

    /// <summary>
    /// A cron expression firing every so many seconds: with a seconds field when they divide a minute, in whole minutes
    /// when those divide an hour (an hour is "0 * * * *"); null for an interval cron cannot keep evenly.
    /// </summary>
    public static string? Every(int seconds) => seconds switch
    {
        < 60 when 60 % seconds == 0 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"*/{seconds} * * * * *"),
        3600 => "0 * * * *",
        >= 60 and < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"*/{seconds / 60} * * * *"),
        _ => null,
    };

    private static void AddServer(IServiceCollection services, string queue, int workers, JobOptions jobs) =>
        services.AddHangfireServer((provider, server) =>
        {
            server.ServerName = provider.GetRequiredService<JobNode>().ServerName(queue);
            server.Activator = provider.GetRequiredService<JobActivator>();
            server.Queues = [queue];

            // The delayed and recurring schedulers and the storage's housekeeping run on the default queue's server only:
            // three of each per process would contend for the same distributed locks, and a wait for one of them holds
            // up a shutdown.
            server.IsLightweightServer = queue != JobQueues.Default;
            server.ShutdownTimeout = TimeSpan.FromSeconds(10);
            server.WorkerCount = workers;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(jobs.SchedulePollSeconds);
            server.HeartbeatInterval = TimeSpan.FromSeconds(jobs.HeartbeatSeconds);
            server.ServerCheckInterval = TimeSpan.FromSeconds(jobs.HeartbeatSeconds * 6);
            server.ServerTimeout = TimeSpan.FromSeconds(jobs.HeartbeatSeconds * 12);
            server.CancellationCheckInterval = TimeSpan.FromSeconds(1);
        });
}
