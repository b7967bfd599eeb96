using Portal.Features.Runs;
using Portal.Hosting;
using Quartz;

namespace Portal.Jobs;

public static class SchedulerSetup
{
    /// <summary>
    /// Quartz with a persistent job store on PostgreSQL, clustered: every process of one portal
    /// shares the store, and a node's jobs are recovered by the others when it dies. A web-only
    /// process gets the same scheduler but never starts it: it writes work into the store, and the
    /// workers (polling every <see cref="SchedulerOptions.IdleWaitSeconds"/>) pick it up.
    /// </summary>
    public static IServiceCollection AddPortalScheduler(
        this IServiceCollection services,
        PortalOptions options,
        string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scheduler = options.Scheduler;

        services.AddSingleton<JobExecutionHistoryListener>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = scheduler.Name;
                s.GenerateInstanceId = true;
                s.IdleWaitTime = TimeSpan.FromSeconds(scheduler.IdleWaitSeconds);
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = scheduler.ThreadCount);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(scheduler.CheckinIntervalSeconds);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(scheduler.CheckinIntervalSeconds * 2);
                });
                store.UseSystemTextJsonSerializer();
            });
            q.AddJobListener(sp => sp.GetRequiredService<JobExecutionHistoryListener>());

            q.AddJob<SchedulerCheckJob>(job => job.WithIdentity(SchedulerCheckJob.Key).StoreDurably().RequestRecovery());
            q.AddJob<JobHistoryCleanupJob>(job => job.WithIdentity(JobHistoryCleanupJob.Key).StoreDurably());
            q.AddJob<RunChunkJob>(job => job.WithIdentity(RunChunkJob.Key).StoreDurably().RequestRecovery());
            q.AddJob<RunSweeperJob>(job => job.WithIdentity(RunSweeperJob.Key).StoreDurably());
            q.AddJob<Features.Processes.ProcessJob>(job => job.WithIdentity(Features.Processes.ProcessJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(trigger => trigger
                .ForJob(RunSweeperJob.Key)
                .WithIdentity("sweep", "runs")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(options.Runs.SweepIntervalSeconds)).RepeatForever()));
            q.AddTrigger(trigger => trigger
                .ForJob(JobHistoryCleanupJob.Key)
                .WithIdentity("nightly", "system")
                .WithCronSchedule("0 30 3 * * ?"));
        });

        if (options.Role.ExecutesJobs())
        {
            services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        }

        services.AddScoped<SchedulerMonitor>();
        return services;
    }
}
