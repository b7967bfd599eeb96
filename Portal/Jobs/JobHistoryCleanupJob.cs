using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Quartz;

namespace Portal.Jobs;

/// <summary>Nightly: forgets job executions and scheduler checks older than the retention period.</summary>
[DisallowConcurrentExecution]
public sealed class JobHistoryCleanupJob(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new(nameof(JobHistoryCleanupJob), "system");
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.JobExecutions.Where(e => e.StartedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.SchedulerChecks.Where(c => c.RequestedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
