using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Engine;

namespace Portal.Features.Crm.Contacts;

public sealed record ContactCardData(
    long Id,
    string FirstName,
    string? LastName,
    long? CompanyId,
    string? CompanyName,
    string ResponsibleId,
    IReadOnlyList<PhoneNumber> Phones,
    IReadOnlyList<string> Emails,
    uint Version,
    bool CanEdit,
    bool CanDelete,
    IReadOnlyList<TimelineLine> Timeline);

public sealed record ContactEdit(
    string FirstName,
    string? LastName,
    string ResponsibleId,
    IReadOnlyList<PhoneDraft> Phones,
    IReadOnlyList<string> Emails,
    uint Version,
    long? CompanyId = null);

/// <summary>The contact card: read, change (names, responsible, typed phones, e-mails), all rights-checked.</summary>
public sealed class ContactCard(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock, IOptions<MessagingOptions> messaging)
{
    public async Task<(CommandStatus Status, ContactCardData? Card)> GetAsync(
        CrmAccessContext access,
        long id,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (status, contact, canEdit, canDelete) = await CrmRecords.ReadAsync<Contact>(db, access, CrmEntityType.Contact, id, cancellationToken);
        if (contact is null)
        {
            return (status, null);
        }

        return (CommandStatus.Ok, new ContactCardData(
            contact.Id,
            contact.FirstName,
            contact.LastName,
            contact.CompanyId,
            await db.Companies.Where(c => c.Id == contact.CompanyId).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken),
            contact.ResponsibleId,
            contact.Phones,
            contact.Emails,
            contact.Version,
            canEdit,
            canDelete,
            await Timeline.ReadAsync(db, CrmEntityType.Contact, id, cancellationToken)));
    }

    public async Task<CommandResult> UpdateAsync(
        CrmAccessContext access,
        long id,
        ContactEdit edit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(edit);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var by = access.Rights.UserId;
        var now = clock.GetUtcNow();
        return await CrmRecords.UpdateAsync<Contact>(db, access, CrmEntityType.Contact, id, edit.Version, async contact =>
        {
            contact.Rename(edit.FirstName, edit.LastName, by, now);
            CrmRecords.ReplaceContactDetails(contact, edit.Phones, edit.Emails, messaging.Value.DefaultRegion, by, now);
            await CrmRecords.ReassignAsync(db, contact, edit.ResponsibleId, by, now, cancellationToken);
            if (edit.CompanyId != contact.CompanyId)
            {
                await CrmRecords.RequireReadableAsync<Company>(db, access, CrmEntityType.Company, edit.CompanyId, nameof(Contact.CompanyId), cancellationToken);
                contact.WorksFor(edit.CompanyId, by, now);
            }
        }, cancellationToken);
    }

    public async Task<CommandResult> CreateAsync(CrmAccessContext access, string firstName, string? lastName, string responsibleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.CreateAsync(db, access, CrmEntityType.Contact, responsibleId, () => Contact.Create(firstName, lastName, responsibleId, access.Rights.UserId, clock.GetUtcNow()), cancellationToken);
    }
}
