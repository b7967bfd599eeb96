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

    /// <summary>
    /// The ids a list's selection stands for within <paramref name="filtered"/> (the records matching the list's
    /// filter that the user may read): the ticked ones, or all matching minus the unticked exceptions; at most
    /// <paramref name="limit"/> + 1 of them, in id order. One more than the limit says "too many" without reading a
    /// million ids for a "select all" that no launch could take anyway.
    /// </summary>
    public static async Task<IReadOnlyList<long>> SelectedIdsAsync<T>(IQueryable<T> filtered, EntitySelection selection, int limit, CancellationToken cancellationToken)
        where T : CrmRecord
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var ids = selection.Ids.ToArray();
        var chosen = selection.AllMatching ? filtered.Where(r => !ids.Contains(r.Id)) : filtered.Where(r => ids.Contains(r.Id));
        return await chosen.OrderBy(r => r.Id).Select(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
    }

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

    /// <summary>Of <paramref name="ids"/>, those the user may do <paramref name="action"/> on, in id order (one query per thousand ids).</summary>
    public static async Task<List<long>> AllowedIdsAsync(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        CrmAction action,
        IReadOnlyCollection<long> ids,
        CancellationToken cancellationToken)
    {
        var allowed = new List<long>(ids.Count);
        foreach (var batch in ids.Chunk(1000))
        {
            allowed.AddRange(type switch
            {
                CrmEntityType.Deal => await IdsAsync(Allowed<Deal>(db, access, type, action), batch, cancellationToken),
                CrmEntityType.Contact => await IdsAsync(Allowed<Contact>(db, access, type, action), batch, cancellationToken),
                CrmEntityType.Company => await IdsAsync(Allowed<Company>(db, access, type, action), batch, cancellationToken),
                CrmEntityType.Lead => await IdsAsync(Allowed<Lead>(db, access, type, action), batch, cancellationToken),
                _ => [],
            });
        }

        return allowed;
    }

    /// <summary>Of <paramref name="ids"/>, those that exist, whoever may see them.</summary>
    public static async Task<List<long>> ExistingIdsAsync(PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        type switch
        {
            CrmEntityType.Deal => await IdsAsync(db.Deals, ids, cancellationToken),
            CrmEntityType.Contact => await IdsAsync(db.Contacts, ids, cancellationToken),
            CrmEntityType.Company => await IdsAsync(db.Companies, ids, cancellationToken),
            CrmEntityType.Lead => await IdsAsync(db.Leads, ids, cancellationToken),
            _ => [],
        };

    private static Task<List<long>> IdsAsync<T>(IQueryable<T> records, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        where T : CrmRecord =>
        records.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);

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

    /// <summary>
    /// The one way a card saves: load the record with the Edit right, expect the version the person
    /// started from, apply the change (which may refuse a value), save. Nothing is written unless all
    /// of it is valid and nobody saved the record in between.
    /// </summary>
    public static async Task<CommandResult> UpdateAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        uint version,
        Func<T, Task> apply,
        CancellationToken cancellationToken)
        where T : CrmRecord
    {
        var record = await Allowed<T>(db, access, type, CrmAction.Edit).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return new CommandResult(await MissingOrForbiddenAsync<T>(db, id, cancellationToken));
        }

        db.Entry(record).Property(r => r.Version).OriginalValue = version;
        try
        {
            await apply(record);
        }
        catch (CrmValidationException error)
        {
            return CommandResult.Invalid(error);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict;
        }
    }

    /// <summary>Assigns another responsible user, who must exist.</summary>
    public static async Task ReassignAsync(PortalDbContext db, CrmRecord record, string responsibleId, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (responsibleId == record.ResponsibleId)
        {
            return;
        }

        if (!await db.Users.AnyAsync(u => u.Id == responsibleId, cancellationToken))
        {
            throw new CrmValidationException(nameof(CrmRecord.ResponsibleId), CrmValidation.Invalid);
        }

        record.AssignResponsible(responsibleId, by, now);
    }

    /// <summary>Typed phones (national ones read in <paramref name="defaultRegion"/>) and e-mails as the card's form sends them.</summary>
    public static void ReplaceContactDetails(
        CrmRecordWithContacts record,
        IReadOnlyList<PhoneDraft> phones,
        IReadOnlyList<string> emails,
        string defaultRegion,
        string by,
        DateTimeOffset now)
    {
        record.ReplacePhones(PhoneDraft.Validate(phones, defaultRegion), by, now);
        record.ReplaceEmails(emails, by, now);
    }

    /// <summary>A record for its card, if the user may read it, and whether they may edit and delete it.</summary>
    public static async Task<(CommandStatus Status, T? Record, bool CanEdit, bool CanDelete)> ReadAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        CancellationToken cancellationToken)
        where T : CrmRecord
    {
        var record = await Allowed<T>(db, access, type, CrmAction.Read).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return (await MissingOrForbiddenAsync<T>(db, id, cancellationToken), null, false, false);
        }

        var canEdit = await Allowed<T>(db, access, type, CrmAction.Edit).AnyAsync(r => r.Id == id, cancellationToken);
        var canDelete = await Allowed<T>(db, access, type, CrmAction.Delete).AnyAsync(r => r.Id == id, cancellationToken);
        return (CommandStatus.Ok, record, canEdit, canDelete);
    }

    /// <summary>Adds a record built by <paramref name="create"/> (which may refuse a value) when the Add right allows its responsible user.</summary>
    public static async Task<CommandResult> CreateAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        string responsibleId,
        Func<T> create,
        CancellationToken cancellationToken)
        where T : CrmRecord
    {
        if (!await MayAddAsync(db, access, type, responsibleId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        T record;
        try
        {
            record = create();
        }
        catch (CrmValidationException error)
        {
            return CommandResult.Invalid(error);
        }

        db.Set<T>().Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Created(record.Id);
    }

    /// <summary>Refuses a link to a record the user may not read: a link must not reveal or reach another's record.</summary>
    public static async Task RequireReadableAsync<T>(
        PortalDbContext db,
        CrmAccessContext access,
        CrmEntityType type,
        long? id,
        string field,
        CancellationToken cancellationToken)
        where T : CrmRecord
    {
        if (id is { } value && !await CrmRecords.Allowed<T>(db, access, type, CrmAction.Read).AnyAsync(r => r.Id == value, cancellationToken))
        {
            throw new CrmValidationException(field, CrmValidation.Invalid);
        }
    }
}
