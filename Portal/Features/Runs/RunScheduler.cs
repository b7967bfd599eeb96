using Quartz;

namespace Portal.Features.Runs;

/// <summary>
/// Puts a run's chunks into Quartz's clustered store: one trigger per chunk of the durable
/// <see cref="RunChunkJob"/>, so any worker of the cluster may take any chunk.
/// </summary>
public sealed class RunScheduler(ISchedulerFactory schedulerFactory)
{
    public const string TriggerGroup = "runs";

    public async Task ScheduleAsync(long runId, IEnumerable<int> chunks, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var triggers = chunks.Select(chunk => Trigger(runId, chunk, at)).ToList();
        if (triggers.Count == 0)
        {
            return;
        }

        // One call for all of them: the store's lock is taken once, not once per chunk.
        var job = JobBuilder.Create<RunChunkJob>().WithIdentity(RunChunkJob.Key).StoreDurably().RequestRecovery().Build();
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private static ITrigger Trigger(long runId, int chunk, DateTimeOffset? at)
    {
        var builder = TriggerBuilder.Create()
            .ForJob(RunChunkJob.Key)
            .WithIdentity($"run{runId}-c{chunk}-{Guid.NewGuid():N}", TriggerGroup)
            .UsingJobData(RunChunkJob.RunIdKey, runId)
            .UsingJobData(RunChunkJob.ChunkKey, chunk);
        return (at is { } time ? builder.StartAt(time) : builder.StartNow()).Build();
    }
}
