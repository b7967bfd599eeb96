using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;

namespace Portal.Features.RunLog;

/// <summary>One run that took a CRM record: what became of the record in it, and of the run as a whole.</summary>
public sealed record EntityRunRow(
    long RunId,
    long ItemId,
    string ScenarioName,
    ItemStatus Status,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? FinishedAt,
    RunOutcome RunOutcome);

/// <summary>The newest runs on a record, and whether there are more than shown.</summary>
public sealed record EntityRuns(IReadOnlyList<EntityRunRow> Rows, bool More);

/// <summary>The runs a CRM record took part in, newest first, as far as the user may read runs (<see cref="RunQueries.ReadableAsync"/>).</summary>
public static class EntityRunsQuery
{
    public const int DefaultTake = 50;

    public static async Task<EntityRuns> ForEntityAsync(
        IDbContextFactory<PortalDbContext> contextFactory,
        string userId,
        CrmEntityType entityType,
        long entityId,
        int take = DefaultTake,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        take = Math.Clamp(take, 1, 200);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await RunQueries.ReadableAsync(db, userId, cancellationToken);
        var rows = await (
                from item in db.RunItems.AsNoTracking()
                join run in runs on item.RunId equals run.Id
                where item.EntityId == entityId && run.EntityType == entityType
                orderby item.RunId descending
                select new { Run = run.Id, Item = item.Id, run.ScenarioName, item.Status, item.ErrorCode, item.ErrorDetail, run.LaunchedAt, item.FinishedAt, RunStatus = run.Status, run.ItemCount, run.FailedCount })
            .Take(take + 1)
            .ToListAsync(cancellationToken);

        // A finished run's failed count was kept when it ended; a run still going shows its status only.
        return new EntityRuns(
            rows.Take(take)
                .Select(r => new EntityRunRow(
                    r.Run, r.Item, r.ScenarioName, r.Status, r.ErrorCode, r.ErrorDetail, r.LaunchedAt, r.FinishedAt, RunOutcome.Of(r.RunStatus, r.ItemCount, r.FailedCount ?? 0)))
                .ToList(),
            rows.Count > take);
    }
}
