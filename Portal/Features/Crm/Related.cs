using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm;

/// <summary>Where the card of a CRM record is (<c>/crm/deals/42</c>).</summary>
public static class CrmCards
{
    public static string Path(CrmEntityType type, long id) => type switch
    {
        CrmEntityType.Contact => $"/crm/contacts/{id}",
        CrmEntityType.Company => $"/crm/companies/{id}",
        CrmEntityType.Lead => $"/crm/leads/{id}",
        _ => $"/crm/deals/{id}",
    };
}

public sealed record RelatedLink(CrmEntityType Type, long Id, string Title)
{
    public string Path => CrmCards.Path(Type, Id);
}

/// <summary>The records linked to a contact or company that the user may read (the newest few of each kind).</summary>
public sealed class Related(IDbContextFactory<PortalDbContext> contextFactory)
{
    public const int Shown = 10;

    public async Task<IReadOnlyList<RelatedLink>> OfContactAsync(CrmAccessContext access, long contactId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await DealsAsync(db, access, d => d.ContactId == contactId, cancellationToken);
    }

    public async Task<IReadOnlyList<RelatedLink>> OfCompanyAsync(CrmAccessContext access, long companyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var contacts = await CrmRecords.Allowed<Contact>(db, access, CrmEntityType.Contact, CrmAction.Read)
            .Where(c => c.CompanyId == companyId)
            .OrderByDescending(c => c.Id)
            .Take(Shown)
            .Select(c => new RelatedLink(CrmEntityType.Contact, c.Id, c.FirstName + (c.LastName == null ? "" : " " + c.LastName)))
            .ToListAsync(cancellationToken);
        return [.. contacts, .. await DealsAsync(db, access, d => d.CompanyId == companyId, cancellationToken)];
    }

    private static Task<List<RelatedLink>> DealsAsync(
        PortalDbContext db,
        CrmAccessContext access,
        Expression<Func<Deal, bool>> linked,
        CancellationToken cancellationToken) =>
        CrmRecords.Allowed<Deal>(db, access, CrmEntityType.Deal, CrmAction.Read)
            .Where(linked)
            .OrderByDescending(d => d.Id)
            .Take(Shown)
            .Select(d => new RelatedLink(CrmEntityType.Deal, d.Id, d.Title))
            .ToListAsync(cancellationToken);
}
