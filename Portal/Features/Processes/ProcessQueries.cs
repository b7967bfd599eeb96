using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Features.Crm;

namespace Portal.Features.Processes;

public sealed record StartableProcess(long Id, string Name, string? Description, IReadOnlyList<ProcessParameter> Parameters);

public sealed record ProcessLogLine(DateTimeOffset At, int? Activity, ProcessLogLevel Level, string Code, string? Detail, long? RunId);

public sealed record ProcessInstanceRow(
    long Id, string TemplateName, ProcessTrigger Trigger, ProcessStatus Status, string StartedByName, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<ProcessActivity> Activities, IReadOnlyList<ProcessLogLine> Log, string? StoppedByName = null)
{
    /// <summary>While waiting: when it goes on (for a wait on the stage, when it looks again by itself).</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    /// <summary>While waiting: whether it waits for the record's stage to change, rather than for a moment.</summary>
    public bool WaitsForStage { get; init; }
}

/// <summary>
/// What a record's card shows under "Business processes": the processes one may start on it, its instances with their
/// logs, and whether one may stop those still going (<see cref="ProcessControl"/> checks again on the server).
/// </summary>
public sealed record EntityProcesses(bool MayStart, IReadOnlyList<StartableProcess> Startable, IReadOnlyList<ProcessInstanceRow> Instances, bool MayStop = false);

public sealed class ProcessQueries(IDbContextFactory<PortalDbContext> contextFactory, CrmAccess crmAccess)
{
    public const int InstanceCount = 20;

    /// <summary>Nothing for a user who may not read the record.</summary>
    public async Task<EntityProcesses> ForEntityAsync(string userId, CrmEntityType type, long entityId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        if (await CrmRecords.CheckAsync(db, access, type, entityId, CrmAction.Read, cancellationToken) != CommandStatus.Ok)
        {
            return new EntityProcesses(false, [], []);
        }

        var mayStart = await CrmRecords.CheckAsync(db, access, type, entityId, CrmAction.Edit, cancellationToken) == CommandStatus.Ok;
        var startable = mayStart
            ? (await db.ProcessTemplates.AsNoTracking().Where(t => t.EntityType == type && t.IsActive && t.StartsManually)
                    .OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken))
                .Select(t => new StartableProcess(t.Id, t.Name, t.Description, t.Parameters)).ToList()
            : [];
        var instances = await db.ProcessInstances.AsNoTracking()
            .Where(i => i.EntityType == type && i.EntityId == entityId)
            .OrderByDescending(i => i.Id)
            .Take(InstanceCount)
            .ToListAsync(cancellationToken);
        var mayStop = await ProcessControl.MayStopAsync(db, access, type, entityId, cancellationToken);
        return new EntityProcesses(mayStart, startable, await RowsAsync(db, instances, cancellationToken), mayStop);
    }

    /// <summary>One instance as the card of its record shows it; null when there is none or the user may not read its record.</summary>
    public async Task<ProcessInstanceRow?> InstanceAsync(string userId, long instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instance = await db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        return await CrmRecords.CheckAsync(db, access, instance.EntityType, instance.EntityId, CrmAction.Read, cancellationToken) == CommandStatus.Ok
            ? (await RowsAsync(db, [instance], cancellationToken))[0]
            : null;
    }

    /// <summary>The instances with their logs, and the users they name (who started them, whom robots notified) by name.</summary>
    private static async Task<IReadOnlyList<ProcessInstanceRow>> RowsAsync(PortalDbContext db, IReadOnlyList<ProcessInstance> instances, CancellationToken cancellationToken)
    {
        var ids = instances.Select(i => i.Id).ToList();
        var log = (await db.ProcessLog.AsNoTracking().Where(e => ids.Contains(e.InstanceId)).OrderBy(e => e.Id).ToListAsync(cancellationToken))
            .ToLookup(e => e.InstanceId);
        var userIds = instances.Select(i => i.StartedById)
            .Concat(instances.Where(i => i.StoppedById is not null).Select(i => i.StoppedById!))
            .Concat(log.SelectMany(g => g).Where(e => NamesUser(e.Code) && e.Detail is not null).Select(e => e.Detail!))
            .Distinct()
            .ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return instances.Select(i => new ProcessInstanceRow(
                i.Id, i.TemplateName, i.Trigger, i.Status, names.GetValueOrDefault(i.StartedById) ?? i.StartedById, i.StartedAt, i.FinishedAt, i.Activities,
                log[i.Id].Select(e => new ProcessLogLine(
                    e.At, e.Activity, e.Level, e.Code, NamesUser(e.Code) && e.Detail is { } id ? names.GetValueOrDefault(id, id) : e.Detail, e.RunId)).ToList(),
                i.StoppedById is { } stoppedBy ? names.GetValueOrDefault(stoppedBy, stoppedBy) : null)
        {
            ResumeAt = i.ResumeAt,
            WaitsForStage = i.WaitStage is not null,
        })
            .ToList();
    }

    /// <summary>Log lines whose detail is a user id, shown as the user's name: whom a robot notified, who stopped the instance.</summary>
    private static bool NamesUser(string code) => code is ProcessLog.ActivityDone or ProcessLog.Stopped;
}
