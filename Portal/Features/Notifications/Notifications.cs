using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Crm;

namespace Portal.Features.Notifications;

/// <summary>One line of the app bar's notifications menu.</summary>
/// <param name="Link">The record it is about (<c>/crm/deals/42</c>), or null when it is about none.</param>
public sealed record NotificationLine(long Id, string Text, string? FromName, DateTimeOffset CreatedAt, bool IsRead, string? Link);

/// <summary>
/// A user's own notifications: the unread count, the newest ones, marking them read. Every call takes
/// the signed-in user's id and touches only that user's rows; someone else's notification is never found.
/// </summary>
public sealed class NotificationInbox(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public const int Limit = 20;

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);
    }

    /// <summary>Newest first (by id: the order they were written), read and unread alike.</summary>
    public async Task<IReadOnlyList<NotificationLine>> NewestAsync(string userId, int limit = Limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.Id)
            .Take(limit)
            .Select(n => new
            {
                n.Id,
                n.Text,
                FromName = db.Users.Where(u => u.Id == n.FromUserId).Select(u => u.DisplayName).FirstOrDefault(),
                n.CreatedAt,
                n.ReadAt,
                n.EntityType,
                n.EntityId,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(n => new NotificationLine(n.Id, n.Text, n.FromName, n.CreatedAt, n.ReadAt is not null, LinkTo(n.EntityType, n.EntityId)))];
    }

    /// <summary>False when the user has no such notification (it is someone else's, or gone).</summary>
    public async Task<bool> MarkReadAsync(string userId, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return false;
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>One statement however many there are; returns how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return await db.Notifications
            .Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    /// <summary>The record's card page (the same routes as the related-records panel).</summary>
    public static string? LinkTo(CrmEntityType? type, long? id) =>
        type is { } entityType && id is { } entityId ? CrmCards.Path(entityType, entityId) : null;
}
