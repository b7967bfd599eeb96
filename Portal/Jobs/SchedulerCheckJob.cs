using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Completes a <see cref="SchedulerCheck"/>: proves that a job written to the shared store by any
/// process is picked up and executed by a node. Safe to run twice (the second run changes nothing).
/// </summary>
public sealed class SchedulerCheckJob(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock) : IJob
{
    public const string CheckIdKey = "checkId";
    public static readonly JobKey Key = new(nameof(SchedulerCheckJob), "system");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var checkId = Guid.Parse(context.MergedJobDataMap.GetString(CheckIdKey)
            ?? throw new JobExecutionException("The scheduler check job was scheduled without a check id."));
        var now = clock.GetUtcNow();
        var node = context.Scheduler.SchedulerInstanceId;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.SchedulerChecks
            .Where(c => c.Id == checkId && c.CompletedAt == null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(c => c.CompletedAt, now).SetProperty(c => c.CompletedOnNode, node),
                cancellationToken);
    }
}
