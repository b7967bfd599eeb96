using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;

namespace Portal.Features.Processes;

/// <summary>
/// Which instances the administrators' list shows (and "stop all matching" stops). Every part is optional; a record is
/// its type and, optionally, its id; <see cref="From"/> is inclusive and <see cref="To"/> exclusive (start time).
/// </summary>
public sealed record ProcessInstanceFilter(
    long? TemplateId = null,
    ProcessStatus? Status = null,
    CrmEntityType? EntityType = null,
    long? EntityId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    /// <summary>The resource key of what is wrong with the filter, or null when it can be searched.</summary>
    public string? Error => From is { } from && To is { } to && from > to ? Portal.Features.RunLog.RunLogErrors.FromAfterTo : null;

    public IQueryable<ProcessInstance> Apply(IQueryable<ProcessInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (TemplateId is { } template)
        {
            instances = instances.Where(i => i.TemplateId == template);
        }

        if (Status is { } status)
        {
            instances = instances.Where(i => i.Status == status);
        }

        if (EntityType is { } type)
        {
            instances = instances.Where(i => i.EntityType == type);
        }

        if (EntityId is { } id)
        {
            instances = instances.Where(i => i.EntityId == id);
        }

        if (From is { } start)
        {
            var from = start.ToUniversalTime();
            instances = instances.Where(i => i.StartedAt >= from);
        }

        if (To is { } end)
        {
            var to = end.ToUniversalTime();
            instances = instances.Where(i => i.StartedAt < to);
        }

        return instances;
    }
}

/// <summary>Where a page of instances starts: after this instance in (StartedAt desc, Id desc) order.</summary>
public readonly record struct ProcessInstanceCursor(DateTimeOffset StartedAt, long Id);

/// <summary>One line of the administrators' list of instances.</summary>
public sealed record ProcessInstanceListRow(
    long Id, string TemplateName, CrmEntityType EntityType, long EntityId, ProcessStatus Status, string StartedByName, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, string? StoppedByName)
{
    public ProcessInstanceCursor Cursor => new(StartedAt, Id);
}

/// <summary>A page of instances, newest first; <see cref="Next"/> is where the next (older) page starts, null when none follows.</summary>
public sealed record ProcessInstancePage(IReadOnlyList<ProcessInstanceListRow> Rows, ProcessInstanceCursor? Next);

/// <summary>
/// The instances of every template, for those who manage business processes (<c>/business-processes/instances</c>):
/// read by keyset on (StartedAt, Id) like the run log, so a deep page costs what the first does.
/// </summary>
public sealed class ProcessInstanceSearch(IDbContextFactory<PortalDbContext> contextFactory, ProcessAdmin admin)
{
    public const int MaxTake = 200;

    /// <summary>A page of the instances matching the filter after <paramref name="after"/>; null to those who may not read it.</summary>
    public async Task<ProcessInstancePage?> ListAsync(
        string userId, ProcessInstanceFilter filter, ProcessInstanceCursor? after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (!await admin.MayManageAsync(userId, cancellationToken))
        {
            return null;
        }

        if (filter.Error is not null)
        {
            return new ProcessInstancePage([], null);
        }

        take = Math.Clamp(take, 1, MaxTake);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var instances = filter.Apply(db.ProcessInstances.AsNoTracking());
        if (after is { } cursor)
        {
            var at = cursor.StartedAt.ToUniversalTime();
            var id = cursor.Id;
            instances = instances.Where(i => i.StartedAt < at || (i.StartedAt == at && i.Id < id));
        }

        var rows = await instances.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Take(take + 1)
            .Select(i => new ProcessInstanceListRow(
                i.Id,
                i.TemplateName,
                i.EntityType,
                i.EntityId,
                i.Status,
                db.Users.Where(u => u.Id == i.StartedById).Select(u => u.DisplayName).FirstOrDefault() ?? i.StartedById,
                i.StartedAt,
                i.FinishedAt,
                i.StoppedById == null ? null : db.Users.Where(u => u.Id == i.StoppedById).Select(u => u.DisplayName).FirstOrDefault() ?? i.StoppedById))
            .ToListAsync(cancellationToken);
        var more = rows.Count > take;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new ProcessInstancePage(rows, more ? rows[^1].Cursor : null);
    }

    /// <summary>The templates, for the filter.</summary>
    public Task<IReadOnlyList<ProcessTemplateRow>> TemplatesAsync(CancellationToken cancellationToken = default) => admin.ListAsync(cancellationToken);
}
