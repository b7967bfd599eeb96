using Quartz;

namespace Portal.Features.Runs;

/// <summary>
/// Puts a run's chunks into Quartz's clustered store: one trigger per chunk of the durable
/// <see cref="RunChunkJob"/>, so any worker of the cluster may take any chunk.
/// </summary>
public sealed class RunScheduler(ISchedulerFactory schedulerFactory)
{
    public const string TriggerGroup = "runs";

    public Task ScheduleAsync(long runId, IEnumerable<int> chunks, DateTimeOffset? at = null, CancellationToken cancellationToken = default) =>
        ScheduleAsync(runId, chunks, at, null, cancellationToken);

    /// <summary>
    /// The chunk's next look at its waiting items. One such trigger per chunk: a later call replaces it, so a chunk
    /// that is woken often does not pile up triggers for the same moment.
    /// </summary>
    public Task ResumeAsync(long runId, int chunk, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ScheduleAsync(runId, [chunk], at, "resume", cancellationToken);

    /// <summary>Items of these chunks were made due (their messages are done): run the chunks now, one pending trigger each.</summary>
    public Task WakeAsync(long runId, IEnumerable<int> chunks, CancellationToken cancellationToken = default) =>
        ScheduleAsync(runId, chunks, null, "wake", cancellationToken);

    private async Task ScheduleAsync(long runId, IEnumerable<int> chunks, DateTimeOffset? at, string? slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var triggers = chunks.Select(chunk => Trigger(runId, chunk, at, slot)).ToList();
        if (triggers.Count == 0)
        {
            return;
        }

        // One call for all of them: the store's lock is taken once, not once per chunk.
        var job = JobBuilder.Create<RunChunkJob>().WithIdentity(RunChunkJob.Key).StoreDurably().RequestRecovery().Build();
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private static ITrigger Trigger(long runId, int chunk, DateTimeOffset? at, string? slot)
    {
        var builder = TriggerBuilder.Create()
            .ForJob(RunChunkJob.Key)
            .WithIdentity($"run{runId}-c{chunk}-{slot ?? Guid.NewGuid().ToString("N")}", TriggerGroup)
            .UsingJobData(RunChunkJob.RunIdKey, runId)
            .UsingJobData(RunChunkJob.ChunkKey, chunk);
        return (at is { } time ? builder.StartAt(time) : builder.StartNow()).Build();
    }
}
