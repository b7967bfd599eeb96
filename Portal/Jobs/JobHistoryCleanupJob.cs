using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Jobs;

/// <summary>
/// Nightly: forgets the engine checks older than the retention period (Hangfire expires its own finished jobs).
/// Retried a few times: it is harmless and has no other trigger until the next night.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class JobHistoryCleanupJob(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public const string RecurringId = "history-cleanup";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.SchedulerChecks.Where(c => c.RequestedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
