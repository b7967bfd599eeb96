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

    /// <summary>
    /// Whether the user may add a record with this responsible user: the Add scope decides, exactly as
    /// Read decides which records are visible ("Own" adds only for oneself).
    /// </summary>
    public static async Task<bool> MayAddAsync(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        string responsibleId,
        CancellationToken cancellationToken)
    {
        var rule = access.RuleFor(type, CrmAction.Add);
        var responsible = await db.Users.AsNoTracking()
            .Where(u => u.Id == responsibleId)
            .Select(u => new { u.DepartmentId })
            .SingleOrDefaultAsync(cancellationToken);
        return responsible is not null && rule.Allows(responsibleId, responsible.DepartmentId);
    }

    /// <summary>Deletes a record the user may delete, with its timeline, in one transaction.</summary>
    public static async Task<CommandStatus> DeleteAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        CancellationToken cancellationToken)
        where T : CrmRecord
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await Allowed<T>(db, access, type, CrmAction.Delete).Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return await MissingOrForbiddenAsync<T>(db, id, cancellationToken);
        }

        await db.TimelineEntries.Where(t => t.EntityType == type && t.EntityId == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandStatus.Ok;
    }
}
