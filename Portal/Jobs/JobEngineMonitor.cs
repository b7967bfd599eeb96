using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Hosting;

namespace Portal.Jobs;

/// <summary>One portal process executing jobs: its Hangfire servers (one per queue), their workers, and whether it is alive.</summary>
public sealed record JobEngineNode(string Name, IReadOnlyList<string> Queues, int Workers, DateTimeOffset StartedAt, DateTimeOffset? LastHeartbeat, bool Alive);

/// <summary>A queue with the jobs waiting in it and the ones workers have taken.</summary>
public sealed record JobQueueState(string Name, long Waiting, long Taken);

/// <summary>The totals Hangfire keeps for the whole cluster.</summary>
public sealed record JobTotals(long Enqueued, long Scheduled, long Processing, long Failed, long Succeeded);

/// <summary>
/// What the job engine page shows and the Hangfire Dashboard does not say at a glance: which worker processes are alive
/// (a process is several Hangfire servers, one per queue), the queues, and the administrators' engine check.
/// </summary>
public sealed class JobEngineMonitor(
    IDbContextFactory<PortalDbContext> contextFactory,
    JobStorage storage,
    IBackgroundJobClient jobs,
    IOptions<PortalOptions> options,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<JobEngineNode>> NodesAsync(CancellationToken cancellationToken = default)
    {
        var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken);
        var now = clock.GetUtcNow();
        return servers
            .GroupBy(s => JobNode.NodeOf(s.Name))
            .Select(node => new JobEngineNode(
                node.Key,
                node.SelectMany(s => s.Queues).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                node.Sum(s => s.WorkersCount),
                node.Min(s => Utc(s.StartedAt)),
                node.Min(s => s.Heartbeat is { } beat ? Utc(beat) : (DateTimeOffset?)null),
                node.All(s => IsBeating(s, now, options.Value.Jobs))))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Task<IReadOnlyList<JobQueueState>> QueuesAsync(CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<JobQueueState>>(
            () =>
            {
                var known = storage.GetMonitoringApi().Queues().ToDictionary(q => q.Name, StringComparer.Ordinal);
                return new[] { JobQueues.Runs, JobQueues.Processes, JobQueues.Default }
                    .Concat(known.Keys.Order(StringComparer.Ordinal))
                    .Distinct(StringComparer.Ordinal)
                    .Select(name => known.TryGetValue(name, out var queue)
                        ? new JobQueueState(name, queue.Length, queue.Fetched ?? 0)
                        : new JobQueueState(name, 0, 0))
                    .ToList();
            },
            cancellationToken);

    public Task<JobTotals> TotalsAsync(CancellationToken cancellationToken = default) =>
        Task.Run(
            () =>
            {
                var statistics = storage.GetMonitoringApi().GetStatistics();
                return new JobTotals(statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Failed, statistics.Succeeded);
            },
            cancellationToken);

    public async Task<SchedulerCheck?> LatestCheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.SchedulerChecks.AsNoTracking().OrderByDescending(c => c.RequestedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Writes a check in the administrator's name and enqueues <see cref="SchedulerCheckJob"/> to complete it on any
    /// worker; null (nothing written or enqueued) when the caller is not an administrator.
    /// </summary>
    public async Task<SchedulerCheck?> RequestCheckAsync(string callerId, CancellationToken cancellationToken = default)
    {
        SchedulerCheck check;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
            {
                return null;
            }

            var name = await db.Users.Where(u => u.Id == callerId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
            check = new SchedulerCheck { Id = Guid.NewGuid(), RequestedBy = name, RequestedAt = clock.GetUtcNow() };
            db.SchedulerChecks.Add(check);
            await AuditLog.RecordAsync(db, callerId, AuditArea.Engine, AuditAction.Check, AuditSubject.None, cancellationToken: cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        var id = check.Id;
        await Task.Run(() => jobs.Enqueue<SchedulerCheckJob>(JobQueues.Default, job => job.RunAsync(id, CancellationToken.None)), cancellationToken);
        return check;
    }

    /// <summary>Whether a Hangfire server said it is alive within three heartbeats (the page's "Alive", the health check's "running").</summary>
    public static bool IsBeating(Hangfire.Storage.Monitoring.ServerDto server, DateTimeOffset now, JobOptions jobs)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(jobs);
        return server.Heartbeat is { } beat && now - Utc(beat) < TimeSpan.FromSeconds(jobs.HeartbeatSeconds * 3);
    }

    /// <summary>Hangfire's monitoring API gives UTC times as <see cref="DateTime"/>s of unspecified kind.</summary>
    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
