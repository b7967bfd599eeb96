using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;

namespace Portal.Features.Crm;

public sealed record TimelineLine(long Id, TimelineKind Kind, string Text, string? AuthorName, DateTimeOffset CreatedAt)
{
    /// <summary>Set when the line is a WhatsApp message sent to the record: where it went and what became of it.</summary>
    public TimelineMessage? Message { get; init; }
}

/// <summary>A WhatsApp message on a record's timeline, with the status the provider's callbacks last reported.</summary>
public sealed record TimelineMessage(string To, MessageStatus Status, string? ErrorCode, int? ProviderCode, long? RunId);

/// <summary>The timeline of any CRM record: read with the card, commented on with the Edit right.</summary>
public sealed class Timeline(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public const int Limit = 100;

    /// <summary>Newest first; null when the user may not read the record (or it is gone).</summary>
    public async Task<IReadOnlyList<TimelineLine>?> ReadAsync(CrmAccessContext access, CrmEntityType type, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await CrmRecords.CheckAsync(db, access, type, id, Domain.Rights.CrmAction.Read, cancellationToken) == CommandStatus.Ok
            ? await ReadAsync(db, type, id, cancellationToken)
            : null;
    }

    /// <summary>Newest first. The caller has checked that the user may read the record.</summary>
    /// <remarks>The record's WhatsApp messages are merged in, each with its current delivery status.</remarks>
    internal static async Task<List<TimelineLine>> ReadAsync(PortalDbContext db, CrmEntityType type, long id, CancellationToken cancellationToken)
    {
        var entries = await db.TimelineEntries.AsNoTracking()
            .Where(t => t.EntityType == type && t.EntityId == id)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(Limit)
            .Select(t => new TimelineLine(
                t.Id, t.Kind, t.Text, db.Users.Where(u => u.Id == t.AuthorId).Select(u => u.DisplayName).FirstOrDefault(), t.CreatedAt))
            .ToListAsync(cancellationToken);
        var messages = await db.WhatsAppMessages.AsNoTracking()
            .Where(m => m.EntityType == type && m.EntityId == id)
            .OrderByDescending(m => m.Id)
            .Take(Limit)
            .Select(m => new TimelineLine(
                -m.Id, TimelineKind.System, m.Text, db.Users.Where(u => u.Id == m.CreatedById).Select(u => u.DisplayName).FirstOrDefault(), m.CreatedAt)
            {
                Message = new TimelineMessage(m.To, m.Status, m.ErrorCode, m.ProviderCode, m.RunId),
            })
            .ToListAsync(cancellationToken);
        return messages.Count == 0
            ? entries
            : entries.Concat(messages).OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Take(Limit).ToList();
    }

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
