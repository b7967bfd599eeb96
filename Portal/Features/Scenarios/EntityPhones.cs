using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;

namespace Portal.Features.Scenarios;

/// <summary>
/// The typed phones behind a record's phone placeholders (<see cref="EntityFields"/> renders them as text): a lead's,
/// contact's or company's own phones, then those of its linked contact and company (a deal has none of its own; a
/// contact's company). Read in batches: one query per table for a whole chunk, never one per record.
/// </summary>
public static class EntityPhones
{
    /// <summary>The phones of every record of <paramref name="ids"/> that exists, by id, own phones first.</summary>
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<PhoneNumber>>> LoadManyAsync(
        PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var result = new Dictionary<long, IReadOnlyList<PhoneNumber>>(ids.Count);
        switch (type)
        {
            case CrmEntityType.Deal:
                var deals = await db.Deals.AsNoTracking()
                    .Where(d => ids.Contains(d.Id))
                    .Select(d => new { d.Id, d.ContactId, d.CompanyId })
                    .ToListAsync(cancellationToken);
                var dealContacts = await ContactPhonesAsync(db, deals.Select(d => d.ContactId), cancellationToken);
                var dealCompanies = await CompanyPhonesAsync(db, deals.Select(d => d.CompanyId), cancellationToken);
                foreach (var deal in deals)
                {
                    result[deal.Id] = [.. Of(dealContacts, deal.ContactId), .. Of(dealCompanies, deal.CompanyId)];
                }

                break;
            case CrmEntityType.Contact:
                var contacts = await db.Contacts.AsNoTracking()
                    .Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.CompanyId, c.Phones })
                    .ToListAsync(cancellationToken);
                var contactCompanies = await CompanyPhonesAsync(db, contacts.Select(c => c.CompanyId), cancellationToken);
                foreach (var contact in contacts)
                {
                    result[contact.Id] = [.. contact.Phones, .. Of(contactCompanies, contact.CompanyId)];
                }

                break;
            case CrmEntityType.Company:
                foreach (var (id, phones) in await CompanyPhonesAsync(db, ids.Select(id => (long?)id), cancellationToken))
                {
                    result[id] = phones;
                }

                break;
            case CrmEntityType.Lead:
                var leads = await db.Leads.AsNoTracking()
                    .Where(l => ids.Contains(l.Id))
                    .Select(l => new { l.Id, l.Phones })
                    .ToListAsync(cancellationToken);
                foreach (var lead in leads)
                {
                    result[lead.Id] = [.. lead.Phones];
                }

                break;
        }

        return result;
    }

    private static IReadOnlyList<PhoneNumber> Of(Dictionary<long, IReadOnlyList<PhoneNumber>> phones, long? id) =>
        id is { } key && phones.TryGetValue(key, out var found) ? found : [];

    private static async Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> ContactPhonesAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Contacts.AsNoTracking()
                .Where(c => wanted.Contains(c.Id))
                .Select(c => new { c.Id, c.Phones })
                .ToDictionaryAsync(c => c.Id, c => (IReadOnlyList<PhoneNumber>)c.Phones.ToList(), cancellationToken);
    }

    private static async Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> CompanyPhonesAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Companies.AsNoTracking()
                .Where(c => wanted.Contains(c.Id))
                .Select(c => new { c.Id, c.Phones })
                .ToDictionaryAsync(c => c.Id, c => (IReadOnlyList<PhoneNumber>)c.Phones.ToList(), cancellationToken);
    }
}
