using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Engine;

namespace Portal.Features.Crm.Leads;

public sealed record LeadCardData(
    long Id,
    string Title,
    string? Name,
    int StatusId,
    string ResponsibleId,
    IReadOnlyList<PhoneNumber> Phones,
    IReadOnlyList<string> Emails,
    uint Version,
    bool CanEdit,
    bool CanDelete,
    IReadOnlyList<TimelineLine> Timeline);

public sealed record LeadEdit(
    string Title,
    string? Name,
    int StatusId,
    string ResponsibleId,
    IReadOnlyList<PhoneDraft> Phones,
    IReadOnlyList<string> Emails,
    uint Version);

public sealed class LeadCard(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock, IOptions<MessagingOptions> messaging)
{
    public async Task<(CommandStatus Status, LeadCardData? Card)> GetAsync(CrmAccessContext access, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (status, lead, canEdit, canDelete) = await CrmRecords.ReadAsync<Lead>(db, access, CrmEntityType.Lead, id, cancellationToken);
        if (lead is null)
        {
            return (status, null);
        }

        return (CommandStatus.Ok, new LeadCardData(
            lead.Id, lead.Title, lead.Name, lead.StatusId, lead.ResponsibleId, lead.Phones, lead.Emails, lead.Version, canEdit, canDelete,
            await Timeline.ReadAsync(db, CrmEntityType.Lead, id, cancellationToken)));
    }

    public async Task<CommandResult> UpdateAsync(CrmAccessContext access, long id, LeadEdit edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(edit);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var by = access.Rights.UserId;
        var now = clock.GetUtcNow();
        return await CrmRecords.UpdateAsync<Lead>(db, access, CrmEntityType.Lead, id, edit.Version, async lead =>
        {
            lead.Rename(edit.Title, edit.Name, by, now);
            CrmRecords.ReplaceContactDetails(lead, edit.Phones, edit.Emails, messaging.Value.DefaultRegion, by, now);
            await CrmRecords.ReassignAsync(db, lead, edit.ResponsibleId, by, now, cancellationToken);
            if (edit.StatusId != lead.StatusId)
            {
                var statuses = await db.LeadStatuses.AsNoTracking()
                    .Where(s => s.Id == lead.StatusId || s.Id == edit.StatusId)
                    .ToDictionaryAsync(s => s.Id, cancellationToken);
                var status = statuses.GetValueOrDefault(edit.StatusId)
                    ?? throw new CrmValidationException(nameof(Lead.StatusId), CrmValidation.Invalid);
                if (lead.MoveTo(status, statuses[lead.StatusId], by, now) is { } moved)
                {
                    db.TimelineEntries.Add(moved);
                }
            }
        }, cancellationToken);
    }

    public async Task<CommandResult> CreateAsync(CrmAccessContext access, string title, string? name, string responsibleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var firstStatus = await db.LeadStatuses.AsNoTracking().OrderBy(s => s.Sort).FirstAsync(cancellationToken);
        return await CrmRecords.CreateAsync(
            db, access, CrmEntityType.Lead, responsibleId, () => Lead.Create(title, name, firstStatus, responsibleId, access.Rights.UserId, clock.GetUtcNow()), cancellationToken);
    }
}
