namespace Portal.Domain.Crm;

public enum TimelineKind
{
    Comment,
    System,
}

/// <summary>A line of a record's timeline: a person's comment or something the system did.</summary>
public sealed class TimelineEntry
{
    public const int TextMaxLength = 10_000;

    private TimelineEntry()
    {
    }

    public long Id { get; private set; }

    public CrmEntityType EntityType { get; private set; }

    public long EntityId { get; private set; }

    public TimelineKind Kind { get; private set; }

    public string Text { get; private set; } = string.Empty;

    public string? AuthorId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static TimelineEntry Comment(CrmEntityType type, long entityId, string text, string authorId, DateTimeOffset now) => new()
    {
        EntityType = type,
        EntityId = entityId,
        Kind = TimelineKind.Comment,
        Text = CrmValidation.RequiredText(nameof(Text), text, TextMaxLength),
        AuthorId = authorId,
        CreatedAt = now,
    };

    /// <summary>A record moved from one stage (or lead status) to another: "New → Won".</summary>
    public static TimelineEntry Moved(CrmEntityType type, long entityId, string from, string to, string? authorId, DateTimeOffset now) =>
        SystemEvent(type, entityId, $"{from} → {to}", authorId, now);

    public static TimelineEntry SystemEvent(CrmEntityType type, long entityId, string text, string? authorId, DateTimeOffset now) => new()
    {
        EntityType = type,
        EntityId = entityId,
        Kind = TimelineKind.System,
        Text = CrmValidation.RequiredText(nameof(Text), text, TextMaxLength),
        AuthorId = authorId,
        CreatedAt = now,
    };
}
