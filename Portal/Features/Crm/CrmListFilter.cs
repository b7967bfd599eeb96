using System.Globalization;
using Portal.Domain.Crm;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Contacts;
using Portal.Features.Crm.Deals;
using Portal.Features.Crm.Leads;

namespace Portal.Features.Crm;

/// <summary>
/// A CRM list's filter outside its page: "every record the list shows with this filter, except these", as an API launch
/// names it and as the list's CSV export carries it in its address. Each field is one of the lists'; a field the type's
/// list does not have (stages on leads, amounts on contacts) is refused.
/// </summary>
public sealed record CrmListFilter(
    string? Search = null,
    string? ResponsibleId = null,
    IReadOnlyList<int>? StageIds = null,
    IReadOnlyList<int>? StatusIds = null,
    DateOnly? CreatedFrom = null,
    DateOnly? CreatedTo = null,
    decimal? AmountFrom = null,
    decimal? AmountTo = null,
    IReadOnlyList<long>? ExceptIds = null)
{
    public DealFilter Deals => new(Search, StageIds, ResponsibleId, CreatedFrom, CreatedTo, AmountFrom, AmountTo);

    public LeadFilter Leads => new(Search, StatusIds, ResponsibleId);

    public ContactFilter Contacts => new(Search, ResponsibleId);

    public CompanyFilter Companies => new(Search, ResponsibleId);

    public static CrmListFilter Of(DealFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new(filter.Search, filter.ResponsibleId, filter.StageIds, null, filter.CreatedFrom, filter.CreatedTo, filter.AmountFrom, filter.AmountTo);
    }

    public static CrmListFilter Of(LeadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new(filter.Search, filter.ResponsibleId, StatusIds: filter.StatusIds);
    }

    public static CrmListFilter Of(ContactFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new(filter.Search, filter.ResponsibleId);
    }

    public static CrmListFilter Of(CompanyFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new(filter.Search, filter.ResponsibleId);
    }

    /// <summary>The filter as an address's query (<c>?search=…&amp;stage=1&amp;stage=2</c>), read back by <see cref="CrmExport"/>.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("search", Search?.Trim());
        Add("responsible", ResponsibleId);
        foreach (var stage in StageIds ?? [])
        {
            Add("stage", stage.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var status in StatusIds ?? [])
        {
            Add("status", status.ToString(CultureInfo.InvariantCulture));
        }

        Add("createdFrom", CreatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("createdTo", CreatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("amountFrom", AmountFrom?.ToString(CultureInfo.InvariantCulture));
        Add("amountTo", AmountTo?.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    /// <summary>
    /// The ids the list would select with this filter (the records matching it that the user may read, in id order),
    /// at most one more than <paramref name="limit"/>, as the list's "all matching" gives them to the launch; or the
    /// first field the type's list does not filter by.
    /// </summary>
    public async Task<(IReadOnlyList<long> Ids, string? Unfit)> IdsAsync(
        IServiceProvider services, CrmAccessContext access, CrmEntityType type, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (UnfitField(type) is { } unfit)
        {
            return ([], unfit);
        }

        var selection = new EntitySelection();
        selection.SelectAllMatching();
        selection.SetPage(ExceptIds ?? [], selected: false);
        var ids = type switch
        {
            CrmEntityType.Deal => await services.GetRequiredService<DealQueries>().SelectedIdsAsync(access, Deals, selection, limit, cancellationToken),
            CrmEntityType.Lead => await services.GetRequiredService<LeadQueries>().SelectedIdsAsync(access, Leads, selection, limit, cancellationToken),
            CrmEntityType.Contact => await services.GetRequiredService<ContactQueries>().SelectedIdsAsync(access, Contacts, selection, limit, cancellationToken),
            CrmEntityType.Company => await services.GetRequiredService<CompanyQueries>().SelectedIdsAsync(access, Companies, selection, limit, cancellationToken),
            _ => [],
        };
        return (ids, null);
    }

    /// <summary>The first field set that the type's list has no filter for (camelCase, as a client sends it).</summary>
    public string? UnfitField(CrmEntityType type)
    {
        if (StatusIds is not null && type != CrmEntityType.Lead)
        {
            return "statusIds";
        }

        (string Field, bool Set)[] dealsOnly =
        [
            ("stageIds", StageIds is not null), ("createdFrom", CreatedFrom is not null), ("createdTo", CreatedTo is not null),
            ("amountFrom", AmountFrom is not null), ("amountTo", AmountTo is not null),
        ];
        return type == CrmEntityType.Deal ? null : dealsOnly.FirstOrDefault(f => f.Set).Field;
    }
}
