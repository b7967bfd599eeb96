using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm.Leads;

public sealed record LeadFilter(string? Search = null, IReadOnlyList<int>? StatusIds = null, string? ResponsibleId = null);

public sealed record LeadRow(
    long Id,
    string Title,
    string? Name,
    string StatusName,
    StageSemantics StatusSemantics,
    string? Phone,
    string ResponsibleName,
    DateTimeOffset CreatedAt) : ICrmRow;

public sealed class LeadQueries(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<PageOf<LeadRow>> ListAsync(CrmAccessContext access, LeadFilter filter, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var leads = Filtered(db, access, filter);
        var total = await leads.LongCountAsync(cancellationToken);
        var sorted = (page.SortBy, page.Descending) switch
        {
            (nameof(LeadRow.Title), false) => leads.OrderBy(l => l.Title).ThenBy(l => l.Id),
            (nameof(LeadRow.Title), true) => leads.OrderByDescending(l => l.Title).ThenByDescending(l => l.Id),
            (nameof(LeadRow.CreatedAt), false) => leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id),
            (nameof(LeadRow.CreatedAt), true) => leads.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id),
            _ => leads.OrderByDescending(l => l.Id),
        };
        var rows = await Rows(db, sorted.Skip(page.SafeSkip).Take(page.SafeTake)).ToListAsync(cancellationToken);
        return new PageOf<LeadRow>(rows, total);
    }

    /// <summary>The ids of a selection, resolved on the server (a filter selection never travelled to the browser).</summary>
    public async Task<IReadOnlyList<long>> SelectedIdsAsync(
        CrmAccessContext access,
        LeadFilter filter,
        EntitySelection selection,
        int limit,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.SelectedIdsAsync(Filtered(db, access, filter), selection, limit, cancellationToken);
    }

    /// <summary>The list's rows of these records, as the list shows them and the export writes them.</summary>
    internal static IQueryable<LeadRow> Rows(PortalDbContext db, IQueryable<Lead> records) =>
        records.Select(l => new LeadRow(
            l.Id,
            l.Title,
            l.Name,
            db.LeadStatuses.Where(s => s.Id == l.StatusId).Select(s => s.Name).First(),
            db.LeadStatuses.Where(s => s.Id == l.StatusId).Select(s => s.Semantics).First(),
            l.Phones.OrderBy(p => EF.Property<int>(p, "Id")).Select(p => p.Number).FirstOrDefault(),
            db.Users.Where(u => u.Id == l.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            l.CreatedAt));

    /// <summary>The leads matching the filter that the user may read.</summary>
    internal static IQueryable<Lead> Filtered(PortalDbContext db, CrmAccessContext access, LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(filter);
        var leads = CrmRecords.Allowed<Lead>(db, access, CrmEntityType.Lead, CrmAction.Read).AsNoTracking();
        if (filter.StatusIds is { Count: > 0 } statusIds)
        {
            leads = leads.Where(l => statusIds.Contains(l.StatusId));
        }

        if (!string.IsNullOrEmpty(filter.ResponsibleId))
        {
            leads = leads.Where(l => l.ResponsibleId == filter.ResponsibleId);
        }

        if (SearchText.From(filter.Search) is { } search)
        {
            var (pattern, digits) = (search.Pattern, search.PhoneDigits);
            leads = leads.Where(l =>
                EF.Functions.ILike(l.Title, pattern)
                || (l.Name != null && EF.Functions.ILike(l.Name, pattern))
                || (digits != null && l.Phones.Any(p => EF.Functions.Like(p.Digits, digits))));
        }

        return leads;
    }
}
