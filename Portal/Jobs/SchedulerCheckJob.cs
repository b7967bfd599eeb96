using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Jobs;

/// <summary>
/// Completes a <see cref="SchedulerCheck"/>: proves that a job enqueued by any process is picked up and executed by a
/// worker. Safe to run twice (the second run changes nothing); never retried: the administrator asks again.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class SchedulerCheckJob(IDbContextFactory<PortalDbContext> contextFactory, JobNode node, TimeProvider clock)
{
    public async Task RunAsync(Guid checkId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.SchedulerChecks
            .Where(c => c.Id == checkId && c.CompletedAt == null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(c => c.CompletedAt, now).SetProperty(c => c.CompletedOnNode, node.Name),
                cancellationToken);
    }
}
