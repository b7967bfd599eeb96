using Hangfire;
using Portal.Jobs;

namespace Portal.Features.Processes;

/// <summary>
/// Hands process instances to the job engine: one <see cref="ProcessJob"/> per instance on the
/// <see cref="JobQueues.Processes"/> queue. When the worker dies, another takes the job after the invisibility timeout.
/// </summary>
public sealed class ProcessScheduler(IBackgroundJobClient jobs)
{
    public Task ScheduleAsync(IReadOnlyCollection<long> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        foreach (var id in instanceIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            jobs.Enqueue<ProcessJob>(JobQueues.Processes, job => job.RunAsync(id, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>Asks the job engine to end the wait at <paramref name="position"/> at <paramref name="at"/>: a delayed job, no worker held until then.</summary>
    public void ScheduleResume(long instanceId, int position, DateTimeOffset at) =>
        jobs.Schedule<ProcessJob>(JobQueues.Processes, job => job.ResumeAsync(instanceId, position, CancellationToken.None), at);
}

/// <summary>
/// Runs one process instance on whichever worker takes it, from the activity it is at. Not retried by Hangfire: the
/// executor retries transient failures, and the dispatcher hands an instance nothing touched for a while over again.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ProcessJob(ProcessExecutor executor)
{
    public Task RunAsync(long instanceId, CancellationToken cancellationToken) => executor.RunAsync(instanceId, cancellationToken);

    /// <summary>A wait's delayed job: goes on only if the instance still waits at <paramref name="position"/> and is due.</summary>
    public Task ResumeAsync(long instanceId, int position, CancellationToken cancellationToken) => executor.ResumeAsync(instanceId, position, cancellationToken);
}
