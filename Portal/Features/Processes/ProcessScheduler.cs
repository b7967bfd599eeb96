using Quartz;

namespace Portal.Features.Processes;

/// <summary>
/// Hands process instances to Quartz's clustered store: one trigger per instance (a later call replaces it) of the
/// durable <see cref="ProcessJob"/>, which requests recovery, so the instance goes on when its worker dies.
/// </summary>
public sealed class ProcessScheduler(ISchedulerFactory schedulerFactory)
{
    public const string TriggerGroup = "processes";

    public async Task ScheduleAsync(IReadOnlyCollection<long> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        if (instanceIds.Count == 0)
        {
            return;
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var triggers = instanceIds.Select(id => TriggerBuilder.Create()
                .ForJob(ProcessJob.Key)
                .WithIdentity($"process{id}", TriggerGroup)
                .UsingJobData(ProcessJob.InstanceIdKey, id)
                .StartNow()
                .Build())
            .ToList();
        var job = JobBuilder.Create<ProcessJob>().WithIdentity(ProcessJob.Key).StoreDurably().RequestRecovery().Build();
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}

/// <summary>Runs one process instance on whichever worker takes it, from the activity it is at.</summary>
public sealed class ProcessJob(ProcessExecutor executor) : IJob
{
    public const string InstanceIdKey = "instanceId";
    public static readonly JobKey Key = new(nameof(ProcessJob), "processes");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await executor.RunAsync(context.MergedJobDataMap.GetLong(InstanceIdKey), cancellationToken);
    }
}
