using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;

namespace Portal.Features.Scenarios;

/// <summary>
/// The typed phones behind a record's phone placeholders (<see cref="EntityFields"/> renders them as text): a lead's,
/// contact's or company's own phones, then those of its linked contact and company (a deal has none of its own; a
/// contact's company). Read in batches: one query per table for a whole chunk, never one per record.
/// <para>
/// A record's phones are always in one defined order, the order they were written in (their rows' ids): EF loads an
/// owned collection without ordering its rows, so PostgreSQL returned them in whatever order the plan produced, and
/// "the first (mobile) number" could differ between two reads of the same record. Everything that shows or chooses
/// numbers reads them through <see cref="OfContactsAsync"/>, <see cref="OfCompaniesAsync"/> and <see cref="OfLeadsAsync"/>.
/// </para>
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
                var dealContacts = await OfContactsAsync(db, deals.Select(d => d.ContactId), cancellationToken);
                var dealCompanies = await OfCompaniesAsync(db, deals.Select(d => d.CompanyId), cancellationToken);
                foreach (var deal in deals)
                {
                    result[deal.Id] = [.. Of(dealContacts, deal.ContactId), .. Of(dealCompanies, deal.CompanyId)];
                }

                break;
            case CrmEntityType.Contact:
                var contacts = await db.Contacts.AsNoTracking()
                    .Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.CompanyId })
                    .ToListAsync(cancellationToken);
                var contactPhones = await OfContactsAsync(db, contacts.Select(c => (long?)c.Id), cancellationToken);
                var contactCompanies = await OfCompaniesAsync(db, contacts.Select(c => c.CompanyId), cancellationToken);
                foreach (var contact in contacts)
                {
                    result[contact.Id] = [.. Of(contactPhones, contact.Id), .. Of(contactCompanies, contact.CompanyId)];
                }

                break;
            case CrmEntityType.Company:
                foreach (var (id, phones) in await OfCompaniesAsync(db, ids.Select(id => (long?)id), cancellationToken))
                {
                    result[id] = phones;
                }

                break;
            case CrmEntityType.Lead:
                foreach (var (id, phones) in await OfLeadsAsync(db, ids.Select(id => (long?)id), cancellationToken))
                {
                    result[id] = phones;
                }

                break;
        }

        return result;
    }

    private static IReadOnlyList<PhoneNumber> Of(Dictionary<long, IReadOnlyList<PhoneNumber>> phones, long? id) =>
        id is { } key && phones.TryGetValue(key, out var found) ? found : [];

    /// <summary>The phones of these contacts (those that exist and have any), each contact's in the order they were written.</summary>
    public static Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> OfContactsAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken) =>
        OrderedAsync(db, db.Contacts, ids, cancellationToken);

    /// <summary>The phones of these companies, each company's in the order they were written.</summary>
    public static Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> OfCompaniesAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken) =>
        OrderedAsync(db, db.Companies, ids, cancellationToken);

    /// <summary>The phones of these leads, each lead's in the order they were written.</summary>
    public static Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> OfLeadsAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken) =>
        OrderedAsync(db, db.Leads, ids, cancellationToken);

    private static async Task<Dictionary<long, IReadOnlyList<PhoneNumber>>> OrderedAsync<T>(PortalDbContext db, IQueryable<T> records, IEnumerable<long?> ids, CancellationToken cancellationToken)
        where T : CrmRecordWithContacts
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = ids.OfType<long>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        // The owned rows' identity column ("Id", a shadow key) is the order they were written in.
        var rows = await records.AsNoTracking()
            .Where(r => wanted.Contains(r.Id))
            .Select(r => new { r.Id, Phones = r.Phones.OrderBy(p => EF.Property<int>(p, "Id")).ToList() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => (IReadOnlyList<PhoneNumber>)r.Phones);
    }
}
