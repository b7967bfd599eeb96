using Hangfire;
using Portal.Jobs;

namespace Portal.Features.Engine;

/// <summary>
/// Executes one chunk of a run on whichever worker takes it. When the worker dies, the job becomes visible again after
/// the invisibility timeout and another worker runs it: the chunk goes on from the steps already recorded. Never retried
/// by Hangfire: the executor retries transient database failures itself, and the sweep enqueues a chunk whose job gave
/// up, so a failure is not retried twice over.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RunChunkJob(ChunkExecutor executor)
{
    public Task RunAsync(long runId, int chunk, CancellationToken cancellationToken) => executor.RunAsync(runId, chunk, cancellationToken);
}

/// <summary>
/// Enqueues the chunks of a run just launched (see <see cref="RunScheduler.StartAsync"/>). Run twice (a worker died
/// meanwhile), it enqueues them twice, which is harmless; not retried: the sweep enqueues chunks nothing has touched.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RunStartJob(RunScheduler scheduler)
{
    public Task RunAsync(long runId, int chunkCount, CancellationToken cancellationToken) =>
        scheduler.ScheduleAsync(runId, Enumerable.Range(0, chunkCount), cancellationToken: cancellationToken);
}

/// <summary>
/// Every little while, on one worker: enqueues again chunks that still have work but that nothing has touched for
/// <see cref="RunOptions.StaleAfterSeconds"/> (a launch whose enqueueing failed, a job that gave up), and finishes runs
/// with nothing pending whose finishing write was lost. Running a chunk twice is harmless: its items are locked and go
/// on from where they are. Not retried: the next sweep comes soon.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 5)]
public sealed class RunSweeperJob(ChunkExecutor executor)
{
    public const string RecurringId = "runs-sweep";

    public Task RunAsync(CancellationToken cancellationToken) => executor.RescheduleStaleAsync(cancellationToken);
}
