using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Features.Audit;
using Portal.Features.Crm;

namespace Portal.Features.Processes;

public enum ProcessStopStatus
{
    Ok,
    NotFound,
    NoAccess,

    /// <summary>The instance has finished (<see cref="Domain.Common.ErrorCodes.ProcessFinished"/>): there is nothing to stop.</summary>
    Finished,
}

/// <summary>
/// Stopping process instances: one, by a user who may edit its record (administrators may edit every record), or all
/// matching a filter, by those who manage business processes. A stop takes the instance's row lock, which the executor
/// holds while it runs an activity: a stop racing an activity waits for it and lands after it, and the executor, which
/// reads the status under that lock before each activity, runs nothing more.
/// </summary>
public sealed class ProcessControl(IDbContextFactory<PortalDbContext> contextFactory, CrmAccess crmAccess, ProcessAdmin admin, TimeProvider clock)
{
    /// <summary>How many instances one statement of <see cref="StopAllAsync"/> stops.</summary>
    public const int StopBatch = 500;

    /// <summary>Whether the user may stop instances on this record: they may edit it.</summary>
    public async Task<bool> MayStopAsync(string userId, CrmEntityType type, long entityId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await MayStopAsync(db, userId, type, entityId, cancellationToken);
    }

    /// <summary>Stops the instance, with "Stopped by …" in its log and an entry in the audit trail.</summary>
    public async Task<ProcessStopStatus> StopAsync(string userId, long instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Waits for an activity in flight (the executor holds this lock while it runs one).
        var instance = (await db.ProcessInstances.FromSql($"""SELECT * FROM "ProcessInstances" WHERE "Id" = {instanceId} FOR NO KEY UPDATE""")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (instance is null)
        {
            return ProcessStopStatus.NotFound;
        }

        if (!await MayStopAsync(db, userId, instance.EntityType, instance.EntityId, cancellationToken))
        {
            return ProcessStopStatus.NoAccess;
        }

        if (instance.IsOver)
        {
            return ProcessStopStatus.Finished;
        }

        var now = clock.GetUtcNow();
        instance.Stop(userId, now);
        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, null, ProcessLog.Stopped, userId, now));
        await AuditLog.RecordAsync(db, userId, AuditArea.Processes, AuditAction.Stop, Subject(instance), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ProcessStopStatus.Ok;
    }

    /// <summary>How many instances matching the filter are not finished (what <see cref="StopAllAsync"/> would stop); null to those who may not.</summary>
    public async Task<int?> CountStoppableAsync(string userId, ProcessInstanceFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Error is not null || !await admin.MayManageAsync(userId, cancellationToken))
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Stoppable(db, filter).CountAsync(cancellationToken);
    }

    /// <summary>
    /// Stops every unfinished instance matching the filter, <see cref="StopBatch"/> per statement: each statement stops
    /// its batch and writes their "Stopped by …" lines at once, in one transaction per batch (a batch waits for the
    /// activities in flight among its instances, not for the whole list). An instance that finished meanwhile is left as
    /// it is. Returns how many were stopped, or null to those who may not (only those who manage business processes).
    /// </summary>
    public async Task<int?> StopAllAsync(string userId, ProcessInstanceFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Error is not null || !await admin.MayManageAsync(userId, cancellationToken))
        {
            return null;
        }

        var finished = ProcessStatuses.Finished.Select(s => s.ToString()).ToArray();
        var stopped = 0;
        var after = 0L;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ids = await Stoppable(db, filter).Where(i => i.Id > after).OrderBy(i => i.Id).Select(i => i.Id).Take(StopBatch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return stopped;
            }

            // The update waits for the row locks of activities in flight, then checks the status again on the row as
            // they left it, so an instance that finished meanwhile is skipped.
            var now = clock.GetUtcNow();
            var level = nameof(ProcessLogLevel.Info);
            var count = await db.Database.ExecuteSqlAsync(
                $"""
                WITH stopped AS (
                    UPDATE "ProcessInstances"
                    SET "Status" = {nameof(ProcessStatus.Stopped)}, "StoppedById" = {userId}, "FinishedAt" = {now}, "UpdatedAt" = {now}, "ResumeAt" = NULL, "WaitStage" = NULL
                    WHERE "Id" = ANY({ids}) AND NOT ("Status" = ANY({finished}))
                    RETURNING "Id")
                INSERT INTO "ProcessLog" ("InstanceId", "At", "Level", "Code", "Detail")
                SELECT "Id", {now}, {level}, {ProcessLog.Stopped}, {userId} FROM stopped
                """,
                cancellationToken);
            if (count > 0)
            {
                await AuditLog.RecordAsync(db, userId, AuditArea.Processes, AuditAction.Stop, AuditSubject.None, BulkChanges(filter, count), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            stopped += count;
            after = ids[^1];
        }
    }

    /// <summary>The one rule of who may stop an instance on a record: administrators, and whoever may edit the record.</summary>
    internal static async Task<bool> MayStopAsync(PortalDbContext db, CrmAccessContext access, CrmEntityType type, long entityId, CancellationToken cancellationToken) =>
        access.Rights.IsAdministrator || await CrmRecords.CheckAsync(db, access, type, entityId, CrmAction.Edit, cancellationToken) == CommandStatus.Ok;

    private async Task<bool> MayStopAsync(PortalDbContext db, string userId, CrmEntityType type, long entityId, CancellationToken cancellationToken) =>
        await MayStopAsync(db, await crmAccess.ForUserAsync(userId, cancellationToken), type, entityId, cancellationToken);

    private static IQueryable<ProcessInstance> Stoppable(PortalDbContext db, ProcessInstanceFilter filter) =>
        filter.Apply(db.ProcessInstances).Where(i => !ProcessStatuses.Finished.Contains(i.Status));

    /// <summary>A batch of "stop all matching" as the audit trail shows it: the filter's parts that were set, and how many stopped.</summary>
    private static List<AuditChange> BulkChanges(ProcessInstanceFilter filter, int count)
    {
        var parts = new (string Field, object? Value)[]
        {
            (nameof(filter.TemplateId), filter.TemplateId), (nameof(filter.Status), filter.Status), (nameof(filter.EntityType), filter.EntityType),
            (nameof(filter.EntityId), filter.EntityId), (nameof(filter.From), filter.From), (nameof(filter.To), filter.To),
        };
        return parts.Where(p => p.Value is not null)
            .Select(p => new AuditChange(p.Field, null, Convert.ToString(p.Value, CultureInfo.InvariantCulture)))
            .Append(new AuditChange(nameof(ProcessStatus.Stopped), null, count.ToString(CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static AuditSubject Subject(ProcessInstance instance) =>
        AuditSubject.Of(instance.Id, $"{instance.TemplateName} · {instance.EntityType} {instance.EntityId}");
}
