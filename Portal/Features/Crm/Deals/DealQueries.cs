using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm.Deals;

/// <summary>The deals list's filter; every part is optional.</summary>
public sealed record DealFilter(
    string? Search = null,
    IReadOnlyList<int>? StageIds = null,
    string? ResponsibleId = null,
    DateOnly? CreatedFrom = null,
    DateOnly? CreatedTo = null,
    decimal? AmountFrom = null,
    decimal? AmountTo = null);

public sealed record DealRow(
    long Id,
    string Title,
    string StageName,
    StageSemantics StageSemantics,
    decimal Amount,
    string Currency,
    string ResponsibleName,
    string? ContactName,
    string? CompanyName,
    DateTimeOffset CreatedAt) : ICrmRow;

/// <summary>Reads deals as a user may see them: the rights are part of every query.</summary>
public sealed class DealQueries(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public static IReadOnlyList<string> SortColumns { get; } =
        [nameof(DealRow.Id), nameof(DealRow.Title), nameof(DealRow.Amount), nameof(DealRow.CreatedAt), nameof(DealRow.StageName)];

    /// <summary>
    /// One page. With <paramref name="after"/> (the last row of the previous page, same sort) the page is
    /// found by keyset, so page 5,000 costs what page 2 costs; without it, by offset.
    /// </summary>
    public async Task<PageOf<DealRow>> ListAsync(
        CrmAccessContext access,
        DealFilter filter,
        PageRequest page,
        DealRow? after = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var deals = Filtered(db, access, filter);
        var total = await deals.LongCountAsync(cancellationToken);
        var keyset = after is not null ? After(deals, page, after) : null;
        var rows = await Rows(db, Sorted(keyset ?? deals, db, page)
            .Skip(keyset is null ? page.SafeSkip : 0)
            .Take(page.SafeTake)).ToListAsync(cancellationToken);
        return new PageOf<DealRow>(rows, total);
    }

    public async Task<long> CountAsync(CrmAccessContext access, DealFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Filtered(db, access, filter).LongCountAsync(cancellationToken);
    }

    /// <summary>The ids of a selection, resolved on the server (a filter selection never travelled to the browser).</summary>
    public async Task<IReadOnlyList<long>> SelectedIdsAsync(
        CrmAccessContext access,
        DealFilter filter,
        EntitySelection selection,
        int limit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.SelectedIdsAsync(Filtered(db, access, filter), selection, limit, cancellationToken);
    }

    /// <summary>The list's rows of these records, as the list shows them and the export writes them.</summary>
    internal static IQueryable<DealRow> Rows(PortalDbContext db, IQueryable<Deal> records) =>
        records.Select(d => new DealRow(
            d.Id,
            d.Title,
            db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Name).First(),
            db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Semantics).First(),
            d.Amount,
            d.Currency,
            db.Users.Where(u => u.Id == d.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            db.Contacts.Where(c => c.Id == d.ContactId).Select(c => c.FirstName + (c.LastName == null ? "" : " " + c.LastName)).FirstOrDefault(),
            db.Companies.Where(c => c.Id == d.CompanyId).Select(c => c.Name).FirstOrDefault(),
            d.CreatedAt));

    /// <summary>The deals matching the filter that the user may read: the one place both apply.</summary>
    internal IQueryable<Deal> Filtered(PortalDbContext db, CrmAccessContext access, DealFilter filter)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(filter);
        var deals = CrmAccess.Where(db.Deals.AsNoTracking(), access.RuleFor(CrmEntityType.Deal, CrmAction.Read), db.Users);

        if (filter.StageIds is { Count: > 0 } stageIds)
        {
            deals = deals.Where(d => stageIds.Contains(d.StageId));
        }

        if (!string.IsNullOrEmpty(filter.ResponsibleId))
        {
            deals = deals.Where(d => d.ResponsibleId == filter.ResponsibleId);
        }

        var offset = clock.GetLocalNow().Offset;
        if (filter.CreatedFrom is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), offset);
            deals = deals.Where(d => d.CreatedAt >= start);
        }

        if (filter.CreatedTo is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), offset);
            deals = deals.Where(d => d.CreatedAt < end);
        }

        if (filter.AmountFrom is { } min)
        {
            deals = deals.Where(d => d.Amount >= min);
        }

        if (filter.AmountTo is { } max)
        {
            deals = deals.Where(d => d.Amount <= max);
        }

        if (SearchText.From(filter.Search) is { } search)
        {
            deals = search.PhoneDigits is { } digits
                ? deals.Where(d => db.Contacts.Where(c => c.Phones.Any(p => EF.Functions.Like(p.Digits, digits))).Select(c => (long?)c.Id).Contains(d.ContactId))
                : Matching(db, deals, search.Pattern);
        }

        return deals;
    }

    /// <summary>
    /// Title, contact name or company name. Each part is its own index-driven set of ids (trigram
    /// indexes), joined by UNION: one OR over three tables would read every deal.
    /// </summary>
    private static IQueryable<Deal> Matching(PortalDbContext db, IQueryable<Deal> deals, string pattern)
    {
        var byTitle = db.Deals.Where(d => EF.Functions.ILike(d.Title, pattern)).Select(d => d.Id);
        var contactIds = db.Contacts
            .Where(c => EF.Functions.ILike(c.FirstName, pattern) || (c.LastName != null && EF.Functions.ILike(c.LastName, pattern)))
            .Select(c => (long?)c.Id);
        var companyIds = db.Companies.Where(c => EF.Functions.ILike(c.Name, pattern)).Select(c => (long?)c.Id);
        var byContact = db.Deals.Where(d => contactIds.Contains(d.ContactId)).Select(d => d.Id);
        var byCompany = db.Deals.Where(d => companyIds.Contains(d.CompanyId)).Select(d => d.Id);
        var ids = byTitle.Union(byContact).Union(byCompany);
        return deals.Where(d => ids.Contains(d.Id));
    }

    /// <summary>The rows after <paramref name="row"/> in the page's order, or null where the order has no keyset (stage).</summary>
#pragma warning disable CA1309 // translated to SQL "<" and ">", which compare as ORDER BY does (the database's collation)
    private static IQueryable<Deal>? After(IQueryable<Deal> deals, PageRequest page, DealRow row) =>
        (page.SortBy, page.Descending) switch
        {
            (nameof(DealRow.Title), false) => deals.Where(d => string.Compare(d.Title, row.Title) > 0 || (d.Title == row.Title && d.Id > row.Id)),
            (nameof(DealRow.Title), true) => deals.Where(d => string.Compare(d.Title, row.Title) < 0 || (d.Title == row.Title && d.Id < row.Id)),
            (nameof(DealRow.Amount), false) => deals.Where(d => d.Amount > row.Amount || (d.Amount == row.Amount && d.Id > row.Id)),
            (nameof(DealRow.Amount), true) => deals.Where(d => d.Amount < row.Amount || (d.Amount == row.Amount && d.Id < row.Id)),
            (nameof(DealRow.CreatedAt), false) => deals.Where(d => d.CreatedAt > row.CreatedAt || (d.CreatedAt == row.CreatedAt && d.Id > row.Id)),
            (nameof(DealRow.CreatedAt), true) => deals.Where(d => d.CreatedAt < row.CreatedAt || (d.CreatedAt == row.CreatedAt && d.Id < row.Id)),
            (nameof(DealRow.StageName), _) => null,
            (nameof(DealRow.Id), false) => deals.Where(d => d.Id > row.Id),
            _ => deals.Where(d => d.Id < row.Id),
        };
#pragma warning restore CA1309

    private static IQueryable<Deal> Sorted(IQueryable<Deal> deals, PortalDbContext db, PageRequest page) =>
        (page.SortBy, page.Descending) switch
        {
            (nameof(DealRow.Title), false) => deals.OrderBy(d => d.Title).ThenBy(d => d.Id),
            (nameof(DealRow.Title), true) => deals.OrderByDescending(d => d.Title).ThenByDescending(d => d.Id),
            (nameof(DealRow.Amount), false) => deals.OrderBy(d => d.Amount).ThenBy(d => d.Id),
            (nameof(DealRow.Amount), true) => deals.OrderByDescending(d => d.Amount).ThenByDescending(d => d.Id),
            (nameof(DealRow.CreatedAt), false) => deals.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
            (nameof(DealRow.CreatedAt), true) => deals.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id),
            (nameof(DealRow.StageName), false) => deals.OrderBy(d => db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Sort).First()).ThenBy(d => d.Id),
            (nameof(DealRow.StageName), true) => deals.OrderByDescending(d => db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Sort).First()).ThenByDescending(d => d.Id),
            (nameof(DealRow.Id), false) => deals.OrderBy(d => d.Id),
            _ => deals.OrderByDescending(d => d.Id),
        };
}
