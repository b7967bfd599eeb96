using System.Collections.Concurrent;
using Hangfire;
using Portal.Jobs;

namespace Portal.Features.Engine;

/// <summary>
/// Enqueues a run's chunks as Hangfire jobs on the <see cref="JobQueues.Runs"/> queue (ids only), so any worker of the
/// cluster may take any chunk. Enqueueing is not part of the caller's database transaction: when it fails after the
/// run was written, the sweep enqueues the chunks nobody has picked up.
/// </summary>
public sealed class RunScheduler(IBackgroundJobClient jobs, TimeProvider clock)
{
    private const int ResumesKept = 10_000;
    private readonly ConcurrentDictionary<(long RunId, int Chunk), (DateTimeOffset At, string JobId)> _resumes = new();

    /// <summary>
    /// A new run: one job that enqueues its chunks on a worker, so a launch costs one enqueue however many chunks it has
    /// (enqueueing is a few statements a job; forty chunks one by one took a launch over a second on a busy machine).
    /// </summary>
    public Task StartAsync(long runId, int chunkCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        jobs.Enqueue<RunStartJob>(JobQueues.Runs, job => job.RunAsync(runId, chunkCount, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Runs the chunks now, or at <paramref name="at"/>.</summary>
    public Task ScheduleAsync(long runId, IEnumerable<int> chunks, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Enqueue(runId, chunk, at);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The chunk's next look at its waiting items. A chunk ends every execution by asking for one, and a chunk whose
    /// messages are on their way runs often: a look this process already scheduled for the same time or earlier
    /// serves, and an outdated later one is deleted, so the delayed jobs do not pile up.
    /// </summary>
    public Task ResumeAsync(long runId, int chunk, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var key = (runId, chunk);
        var now = clock.GetUtcNow();
        var known = _resumes.TryGetValue(key, out var pending) && pending.At > now;
        if (known && pending.At <= at)
        {
            return Task.CompletedTask;
        }

        _resumes[key] = (at, Enqueue(runId, chunk, at));
        if (known && pending.At > now.AddSeconds(5))
        {
            jobs.Delete(pending.JobId);
        }

        if (_resumes.Count > ResumesKept)
        {
            foreach (var (old, _) in _resumes.Where(r => r.Value.At < now))
            {
                _resumes.TryRemove(old, out _);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Items of these chunks were made due (their messages are done): run the chunks now.</summary>
    public Task WakeAsync(long runId, IEnumerable<int> chunks, CancellationToken cancellationToken = default) =>
        ScheduleAsync(runId, chunks, null, cancellationToken);

    private string Enqueue(long runId, int chunk, DateTimeOffset? at) =>
        at is { } time && time > clock.GetUtcNow()
            ? jobs.Schedule<RunChunkJob>(JobQueues.Runs, job => job.RunAsync(runId, chunk, CancellationToken.None), time)
            : jobs.Enqueue<RunChunkJob>(JobQueues.Runs, job => job.RunAsync(runId, chunk, CancellationToken.None));
}
