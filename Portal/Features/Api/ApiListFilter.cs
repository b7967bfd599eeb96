using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Contacts;
using Portal.Features.Crm.Deals;
using Portal.Features.Crm.Leads;

namespace Portal.Features.Api;

/// <summary>
/// A CRM list's filter as a launch names it: "every record the list shows with this filter, except these". Each field
/// is one of the list's; a field the type's list does not have (stages on leads, amounts on contacts) is refused.
/// </summary>
public sealed record ApiListFilter(
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
            CrmEntityType.Deal => await services.GetRequiredService<DealQueries>().SelectedIdsAsync(
                access, new DealFilter(Search, StageIds, ResponsibleId, CreatedFrom, CreatedTo, AmountFrom, AmountTo), selection, limit, cancellationToken),
            CrmEntityType.Lead => await services.GetRequiredService<LeadQueries>().SelectedIdsAsync(
                access, new LeadFilter(Search, StatusIds, ResponsibleId), selection, limit, cancellationToken),
            CrmEntityType.Contact => await services.GetRequiredService<ContactQueries>().SelectedIdsAsync(
                access, new ContactFilter(Search, ResponsibleId), selection, limit, cancellationToken),
            CrmEntityType.Company => await services.GetRequiredService<CompanyQueries>().SelectedIdsAsync(
                access, new CompanyFilter(Search, ResponsibleId), selection, limit, cancellationToken),
            _ => [],
        };
        return (ids, null);
    }

    /// <summary>The first field set that the type's list has no filter for (camelCase, as the client sent it).</summary>
    private string? UnfitField(CrmEntityType type)
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
