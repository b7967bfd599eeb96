using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Features.Crm;

public sealed record TimelineLine(long Id, TimelineKind Kind, string Text, string? AuthorName, DateTimeOffset CreatedAt);

/// <summary>The timeline of any CRM record: read with the card, commented on with the Edit right.</summary>
public sealed class Timeline(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public const int Limit = 100;

    /// <summary>Newest first. The caller has checked that the user may read the record.</summary>
    internal static Task<List<TimelineLine>> ReadAsync(PortalDbContext db, CrmEntityType type, long id, CancellationToken cancellationToken) =>
        db.TimelineEntries.AsNoTracking()
            .Where(t => t.EntityType == type && t.EntityId == id)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(Limit)
            .Select(t => new TimelineLine(
                t.Id, t.Kind, t.Text, db.Users.Where(u => u.Id == t.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), t.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<CommandResult> AddCommentAsync(
        CrmAccessContext access,
        CrmEntityType type,
        long id,
        string text,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var status = await CrmRecords.CheckAsync(db, access, type, id, CrmAction.Edit, cancellationToken);
        if (status != CommandStatus.Ok)
        {
            return new CommandResult(status);
        }

        try
        {
            db.TimelineEntries.Add(TimelineEntry.Comment(type, id, text, access.Rights.UserId, clock.GetUtcNow()));
        }
        catch (CrmValidationException error)
        {
            return CommandResult.Invalid(error);
        }

        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Ok;
    }
}
