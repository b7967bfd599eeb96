using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

/// <summary>
/// A message "sent" through a sandbox line: kept in the portal and shown in the line's inbox, with the run
/// and entity that sent it. Written in the transaction of the step that sent it, so it exists exactly once.
/// </summary>
public sealed class SandboxMessage
{
    public const int TextMaxLength = 4096;

    private SandboxMessage()
    {
    }

    public long Id { get; private set; }

    public int LineId { get; private set; }

    /// <summary>The recipient in E.164 form.</summary>
    public string To { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    public long? RunId { get; private set; }

    public long? RunItemId { get; private set; }

    public CrmEntityType? EntityType { get; private set; }

    public long? EntityId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static SandboxMessage Sent(int lineId, string to, string text, long? runId, long? runItemId, CrmEntityType? entityType, long? entityId, DateTimeOffset now) => new()
    {
        LineId = lineId,
        To = to,
        Text = text,
        RunId = runId,
        RunItemId = runItemId,
        EntityType = entityType,
        EntityId = entityId,
        CreatedAt = now,
    };
}
