using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm.Companies;

public sealed record CompanyFilter(string? Search = null, string? ResponsibleId = null);

public sealed record CompanyRow(long Id, string Name, string? Industry, string? Phone, int Contacts, string ResponsibleName, DateTimeOffset CreatedAt) : ICrmRow;

public sealed class CompanyQueries(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<PageOf<CompanyRow>> ListAsync(
        CrmAccessContext access,
        CompanyFilter filter,
        PageRequest page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var companies = Filtered(db, access, filter);
        var total = await companies.LongCountAsync(cancellationToken);
        var sorted = (page.SortBy, page.Descending) switch
        {
            (nameof(CompanyRow.Name), false) => companies.OrderBy(c => c.Name).ThenBy(c => c.Id),
            (nameof(CompanyRow.Name), true) => companies.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id),
            (nameof(CompanyRow.CreatedAt), false) => companies.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            (nameof(CompanyRow.CreatedAt), true) => companies.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
            _ => companies.OrderByDescending(c => c.Id),
        };
        var rows = await Rows(db, sorted.Skip(page.SafeSkip).Take(page.SafeTake)).ToListAsync(cancellationToken);
        return new PageOf<CompanyRow>(rows, total);
    }

    /// <summary>The ids of a selection, resolved on the server (a filter selection never travelled to the browser).</summary>
    public async Task<IReadOnlyList<long>> SelectedIdsAsync(
        CrmAccessContext access,
        CompanyFilter filter,
        EntitySelection selection,
        int limit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.SelectedIdsAsync(Filtered(db, access, filter), selection, limit, cancellationToken);
    }

    /// <summary>The list's rows of these records, as the list shows them and the export writes them.</summary>
    internal static IQueryable<CompanyRow> Rows(PortalDbContext db, IQueryable<Company> records) =>
        records.Select(c => new CompanyRow(
            c.Id,
            c.Name,
            c.Industry,
            c.Phones.OrderBy(p => EF.Property<int>(p, "Id")).Select(p => p.Number).FirstOrDefault(),
            db.Contacts.Count(contact => contact.CompanyId == c.Id),
            db.Users.Where(u => u.Id == c.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            c.CreatedAt));

    /// <summary>The companies matching the filter that the user may read.</summary>
    internal static IQueryable<Company> Filtered(PortalDbContext db, CrmAccessContext access, CompanyFilter filter)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(filter);
        var companies = CrmRecords.Allowed<Company>(db, access, CrmEntityType.Company, CrmAction.Read).AsNoTracking();
        if (!string.IsNullOrEmpty(filter.ResponsibleId))
        {
            companies = companies.Where(c => c.ResponsibleId == filter.ResponsibleId);
        }

        if (SearchText.From(filter.Search) is { } search)
        {
            var (pattern, digits) = (search.Pattern, search.PhoneDigits);
            companies = companies.Where(c =>
                EF.Functions.ILike(c.Name, pattern)
                || (c.Industry != null && EF.Functions.ILike(c.Industry, pattern))
                || (digits != null && c.Phones.Any(p => EF.Functions.Like(p.Digits, digits))));
        }

        return companies;
    }
}
