using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm;

/// <summary>Rights checks on one record of any CRM type, for the parts every card shares.</summary>
internal static class CrmRecords
{
    public static IQueryable<T> Allowed<T>(PortalDbContext db, CrmAccessContext access, CrmEntityType type, CrmAction action)
        where T : CrmRecord =>
        CrmAccess.Where(db.Set<T>(), access.RuleFor(type, action), db.Users);

    /// <summary>Ok when the user may do <paramref name="action"/> on the record; otherwise NoAccess or NotFound.</summary>
    public static async Task<CommandStatus> CheckAsync(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        CrmAction action,
        CancellationToken cancellationToken) =>
        type switch
        {
            CrmEntityType.Deal => await CheckAsync<Deal>(db, access, type, id, action, cancellationToken),
            CrmEntityType.Contact => await CheckAsync<Contact>(db, access, type, id, action, cancellationToken),
            CrmEntityType.Company => await CheckAsync<Company>(db, access, type, id, action, cancellationToken),
            CrmEntityType.Lead => await CheckAsync<Lead>(db, access, type, id, action, cancellationToken),
            _ => CommandStatus.NotFound,
        };

    /// <summary>A record that is not there is "not found"; one the user may not touch is "no access".</summary>
    public static async Task<CommandStatus> MissingOrForbiddenAsync<T>(PortalDbContext db, long id, CancellationToken cancellationToken)
        where T : CrmRecord =>
        await db.Set<T>().AnyAsync(r => r.Id == id, cancellationToken) ? CommandStatus.NoAccess : CommandStatus.NotFound;

    private static async Task<CommandStatus> CheckAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        CrmAction action,
        CancellationToken cancellationToken)
        where T : CrmRecord =>
        await Allowed<T>(db, access, type, action).AnyAsync(r => r.Id == id, cancellationToken)
            ? CommandStatus.Ok
            : await MissingOrForbiddenAsync<T>(db, id, cancellationToken);
}
