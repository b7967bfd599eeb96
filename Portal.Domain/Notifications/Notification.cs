using Portal.Domain.Crm;

namespace Portal.Domain.Notifications;

/// <summary>A message to one employee, shown in the app bar's notifications menu until read.</summary>
public sealed class Notification
{
    public const int TextMaxLength = 2000;

    private Notification()
    {
    }

    public long Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    /// <summary>The record it is about, to open from the menu.</summary>
    public CrmEntityType? EntityType { get; private set; }

    public long? EntityId { get; private set; }

    /// <summary>Who (or whose scenario) sent it.</summary>
    public string? FromUserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    public static Notification To(string userId, string text, CrmEntityType? entityType, long? entityId, string? fromUserId, DateTimeOffset now) => new()
    {
        UserId = CrmValidation.RequiredText(nameof(UserId), userId, 450),
        Text = CrmValidation.RequiredText(nameof(Text), text, TextMaxLength),
        EntityType = entityType,
        EntityId = entityId,
        FromUserId = fromUserId,
        CreatedAt = now,
    };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
