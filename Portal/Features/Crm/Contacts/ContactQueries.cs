using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm.Contacts;

public sealed record ContactFilter(string? Search = null, string? ResponsibleId = null);

public sealed record ContactRow(
    long Id,
    string Name,
    string? CompanyName,
    string? Phone,
    int PhoneCount,
    string ResponsibleName,
    DateTimeOffset CreatedAt) : ICrmRow;

/// <summary>Reads contacts as a user may see them.</summary>
public sealed class ContactQueries(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<PageOf<ContactRow>> ListAsync(
        CrmAccessContext access,
        ContactFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var contacts = Filtered(db, access, filter);
        var total = await contacts.LongCountAsync(cancellationToken);
        var sorted = (page.SortBy, page.Descending) switch
        {
            (nameof(ContactRow.Name), false) => contacts.OrderBy(c => c.FirstName).ThenBy(c => c.LastName).ThenBy(c => c.Id),
            (nameof(ContactRow.Name), true) => contacts.OrderByDescending(c => c.FirstName).ThenByDescending(c => c.LastName).ThenByDescending(c => c.Id),
            (nameof(ContactRow.CreatedAt), false) => contacts.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            (nameof(ContactRow.CreatedAt), true) => contacts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            _ => contacts.OrderByDescending(c => c.Id),
        };
        var rows = await Rows(db, sorted
            .Skip(page.SafeSkip)
            .Take(page.SafeTake)).ToListAsync(cancellationToken);
        return new PageOf<ContactRow>(rows, total);
    }

    /// <summary>The list's rows of these records, as the list shows them and the export writes them.</summary>
    internal static IQueryable<ContactRow> Rows(PortalDbContext db, IQueryable<Contact> records) =>
        records.Select(c => new ContactRow(
            c.Id,
            c.FirstName + (c.LastName == null ? "" : " " + c.LastName),
            db.Companies.Where(co => co.Id == c.CompanyId).Select(co => co.Name).FirstOrDefault(),
            c.Phones.OrderBy(p => EF.Property<int>(p, "Id")).Select(p => p.Number).FirstOrDefault(),
            c.Phones.Count,
            db.Users.Where(u => u.Id == c.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            c.CreatedAt));

    /// <summary>The ids of a selection, resolved on the server (a filter selection never travelled to the browser).</summary>
    public async Task<IReadOnlyList<long>> SelectedIdsAsync(
        CrmAccessContext access,
        ContactFilter filter,
        EntitySelection selection,
        int limit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.SelectedIdsAsync(Filtered(db, access, filter), selection, limit, cancellationToken);
    }

    internal static IQueryable<Contact> Filtered(PortalDbContext db, CrmAccessContext access, ContactFilter filter)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(filter);
        var contacts = CrmRecords.Allowed<Contact>(db, access, CrmEntityType.Contact, CrmAction.Read).AsNoTracking();
        if (!string.IsNullOrEmpty(filter.ResponsibleId))
        {
            contacts = contacts.Where(c => c.ResponsibleId == filter.ResponsibleId);
        }

        if (SearchText.From(filter.Search) is { } search)
        {
            var pattern = search.Pattern;
            var digits = search.PhoneDigits;
            contacts = contacts.Where(c =>
                EF.Functions.ILike(c.FirstName, pattern)
                || (c.LastName != null && EF.Functions.ILike(c.LastName, pattern))
                || (digits != null && c.Phones.Any(p => EF.Functions.Like(p.Digits, digits))));
        }

        return contacts;
    }
}
