using Quartz;

namespace Portal.Features.Runs;

/// <summary>
/// Executes one chunk of a run on whichever worker takes it. Requests recovery: when the worker dies, another
/// node fires it again, and the chunk goes on from the steps already recorded.
/// </summary>
public sealed class RunChunkJob(ChunkExecutor executor) : IJob
{
    public const string RunIdKey = "runId";
    public const string ChunkKey = "chunk";
    public static readonly JobKey Key = new(nameof(RunChunkJob), "runs");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        await executor.RunAsync(data.GetLong(RunIdKey), data.GetInt(ChunkKey), cancellationToken);
    }
}

/// <summary>
/// Every little while, on one node: reschedules chunks that still have work but that nothing has touched
/// for <see cref="RunOptions.StaleAfterSeconds"/> (a launch whose scheduling failed, a job that gave up after its
/// retries). Running a chunk twice is harmless: its items are locked and go on from where they are.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RunSweeperJob(ChunkExecutor executor) : IJob
{
    public static readonly JobKey Key = new(nameof(RunSweeperJob), "runs");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await executor.RescheduleStaleAsync(cancellationToken);
}
