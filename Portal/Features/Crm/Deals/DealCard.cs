using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;

namespace Portal.Features.Crm.Deals;

public sealed record DealCardData(
    long Id,
    string Title,
    int PipelineId,
    int StageId,
    decimal Amount,
    string Currency,
    string ResponsibleId,
    long? ContactId,
    string? ContactName,
    long? CompanyId,
    string? CompanyName,
    string? Source,
    DateTimeOffset CreatedAt,
    string CreatedByName,
    DateTimeOffset ModifiedAt,
    string ModifiedByName,
    uint Version,
    bool CanEdit,
    bool CanDelete,
    IReadOnlyList<TimelineLine> Timeline);

/// <summary>What the card's form sends back; <see cref="Version"/> is the version the person started editing.</summary>
public sealed record DealEdit(
    string Title,
    int StageId,
    decimal Amount,
    string Currency,
    string ResponsibleId,
    string? Source,
    uint Version,
    long? ContactId = null,
    long? CompanyId = null);

/// <summary>A new deal as the form sends it.</summary>
public sealed record NewDeal(string Title, int StageId, decimal Amount, string Currency, string ResponsibleId);

/// <summary>The deal card: create, read, change, delete; every path checks the user's rights on that deal.</summary>
public sealed class DealCard(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public async Task<(CommandStatus Status, DealCardData? Card)> GetAsync(
        CrmAccessContext access,
        long id,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (status, deal, canEdit, canDelete) = await CrmRecords.ReadAsync<Deal>(db, access, CrmEntityType.Deal, id, cancellationToken);
        if (deal is null)
        {
            return (status, null);
        }

        var names = await db.Users.AsNoTracking()
            .Where(u => u.Id == deal.CreatedById || u.Id == deal.ModifiedById)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var timeline = await Timeline.ReadAsync(db, CrmEntityType.Deal, id, cancellationToken);

        return (CommandStatus.Ok, new DealCardData(
            deal.Id,
            deal.Title,
            deal.PipelineId,
            deal.StageId,
            deal.Amount,
            deal.Currency,
            deal.ResponsibleId,
            deal.ContactId,
            await db.Contacts.Where(c => c.Id == deal.ContactId).Select(c => c.FirstName + (c.LastName == null ? "" : " " + c.LastName)).FirstOrDefaultAsync(cancellationToken),
            deal.CompanyId,
            await db.Companies.Where(c => c.Id == deal.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken),
            deal.Source,
            deal.CreatedAt,
            names.GetValueOrDefault(deal.CreatedById, ""),
            deal.ModifiedAt,
            names.GetValueOrDefault(deal.ModifiedById, ""),
            deal.Version,
            canEdit,
            canDelete,
            timeline));
    }

    /// <summary>Saves an edit, unless someone saved the deal since <see cref="DealEdit.Version"/> (then: Conflict, nothing written).</summary>
    public async Task<CommandResult> UpdateAsync(
        CrmAccessContext access,
        long id,
        DealEdit edit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(edit);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var by = access.Rights.UserId;
        var now = clock.GetUtcNow();
        return await CrmRecords.UpdateAsync<Deal>(db, access, CrmEntityType.Deal, id, edit.Version, async deal =>
        {
            deal.Rename(edit.Title, by, now);
            deal.SetAmount(edit.Amount, edit.Currency, by, now);
            deal.SetSource(edit.Source, by, now);
            await CrmRecords.ReassignAsync(db, deal, edit.ResponsibleId, by, now, cancellationToken);
            if (edit.ContactId != deal.ContactId || edit.CompanyId != deal.CompanyId)
            {
                // Only records the user may read can be linked: a link must not reveal or reach others'.
                await CrmRecords.RequireReadableAsync<Contact>(db, access, CrmEntityType.Contact, edit.ContactId, nameof(Deal.ContactId), cancellationToken);
                await CrmRecords.RequireReadableAsync<Company>(db, access, CrmEntityType.Company, edit.CompanyId, nameof(Deal.CompanyId), cancellationToken);
                deal.Link(edit.ContactId, edit.CompanyId, by, now);
            }

            if (edit.StageId != deal.StageId)
            {
                var stages = await db.Stages.AsNoTracking()
                    .Where(s => s.Id == deal.StageId || s.Id == edit.StageId)
                    .ToDictionaryAsync(s => s.Id, cancellationToken);
                var target = stages.GetValueOrDefault(edit.StageId)
                    ?? throw new CrmValidationException(nameof(Deal.StageId), CrmValidation.Invalid);
                var previous = stages[deal.StageId];
                if (deal.MoveTo(target, previous, by, now) is { } moved)
                {
                    db.TimelineEntries.Add(moved);
                }
            }
        }, cancellationToken);
    }

    /// <summary>Creates a deal; its id comes back in <see cref="CommandResult.Id"/>.</summary>
    public async Task<CommandResult> CreateAsync(CrmAccessContext access, NewDeal input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stage = await db.Stages.AsNoTracking().SingleOrDefaultAsync(s => s.Id == input.StageId, cancellationToken);
        return await CrmRecords.CreateAsync(
            db,
            access,
            CrmEntityType.Deal,
            input.ResponsibleId,
            () => Deal.Create(
                input.Title,
                stage ?? throw new CrmValidationException(nameof(Deal.StageId), CrmValidation.Invalid),
                input.Amount,
                input.Currency,
                input.ResponsibleId,
                access.Rights.UserId,
                clock.GetUtcNow()),
            cancellationToken);
    }
}
