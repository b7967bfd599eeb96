using System.Globalization;
using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

/// <summary>Where a message is. Pending and Sending are the outbox; the rest are the provider's word on it.</summary>
public enum MessageStatus
{
    /// <summary>Recorded, not sent yet (or waiting for its next attempt at <see cref="WhatsAppMessage.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>A worker has taken it and is calling the provider.</summary>
    Sending,

    /// <summary>The provider accepted it (or the sandbox kept it).</summary>
    Sent,
    Delivered,
    Read,
    Failed,

    /// <summary>
    /// A worker took it and stopped (was killed, lost the database) during the call: whether the provider has it is
    /// not known. It is never sent again by itself; an administrator may choose to (<see cref="WhatsAppMessage.SendAgain"/>).
    /// </summary>
    Uncertain,
}

public static class MessageStatuses
{
    /// <summary>Nothing more will be tried: the provider has it, or it failed for good.</summary>
    public static bool IsFinal(this MessageStatus status) => status is not (MessageStatus.Pending or MessageStatus.Sending);

    public static bool IsSent(this MessageStatus status) => status is MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Read;
}

/// <summary>
/// One WhatsApp message to one recipient: the outbox record written before the provider is called, under a
/// unique <see cref="IdempotencyKey"/> (run item + step + recipient), so a retried, recovered or duplicated job
/// finds it and never sends twice. Afterwards it keeps the provider's message id and the delivery status its
/// callbacks report. A sandbox line's message is kept as sent at once: nothing leaves the portal.
/// </summary>
public sealed class WhatsAppMessage
{
    public const int TextMaxLength = 4096;
    public const int KeyMaxLength = 100;
    public const int ProviderIdMaxLength = 200;
    public const int ProviderErrorMaxLength = 1000;

    /// <summary>What an uncertain message's log says.</summary>
    public const string UncertainDetail = "uncertain: the worker stopped during the call; not sent again so the recipient never gets it twice";

    /// <summary>How the ids of sandbox messages start (the provider's ids start "wamid.").</summary>
    public const string SandboxIdPrefix = "sandbox.";

    private WhatsAppMessage()
    {
    }

    public long Id { get; private set; }

    public int LineId { get; private set; }

    /// <summary>The recipient in E.164 form.</summary>
    public string To { get; private set; } = string.Empty;

    /// <summary>The message in words: its text, or the summary of a template or a file (what the inbox, the run log and the export show).</summary>
    public string Text { get; private set; } = string.Empty;

    public MessageKind Kind { get; private set; }

    /// <summary>The Cloud API's object for <see cref="Kind"/> (template, document, image) as JSON; null for plain text.</summary>
    public string? Payload { get; private set; }

    /// <summary>What the sender sends.</summary>
    public MessageContent Content => MessageContent.Restore(Kind, Text, Payload);

    public string IdempotencyKey { get; private set; } = string.Empty;

    public long? RunId { get; private set; }

    public long? RunItemId { get; private set; }

    public int? StepIndex { get; private set; }

    public CrmEntityType? EntityType { get; private set; }

    public long? EntityId { get; private set; }

    public MessageStatus Status { get; private set; }

    /// <summary>Calls made to the provider so far.</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>When a worker took it for sending (its line's slot had come); a message left Sending long after this was interrupted.</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }

    /// <summary>
    /// The claim of the worker that holds it while Sending: its outcome is written only while the claim is still its
    /// own, so a claim that expired and was settled (or given to another worker) is never overwritten.
    /// </summary>
    public Guid? ClaimToken { get; private set; }

    public string? ProviderMessageId { get; private set; }

    /// <summary>Why it failed: a code of <see cref="Common.ErrorCodes"/>.</summary>
    public string? ErrorCode { get; private set; }

    /// <summary>The provider's own error code (130429, 131026, …) of the last failure, if it gave one.</summary>
    public int? ProviderCode { get; private set; }

    public string? ProviderError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>When the status last changed (a delivery callback, a failure).</summary>
    public DateTimeOffset? StatusAt { get; private set; }

    public string? CreatedById { get; private set; }

    public static string KeyFor(long runItemId, int stepIndex, string recipient) =>
        string.Create(CultureInfo.InvariantCulture, $"run:{runItemId}:{stepIndex}:{recipient}");

    /// <summary>A text message of a run's step, to go to the provider.</summary>
    public static WhatsAppMessage Queued(int lineId, string to, string text, MessageOrigin origin, DateTimeOffset now) =>
        Queued(lineId, to, MessageContent.Plain(text), origin, now);

    /// <summary>A message of a run's step, to go to the provider.</summary>
    public static WhatsAppMessage Queued(int lineId, string to, MessageContent content, MessageOrigin origin, DateTimeOffset now) =>
        Create(lineId, to, content, origin, now, MessageStatus.Pending);

    /// <summary>An admin's test message: taken for sending at once by the admin's own request, never by the outbox's workers.</summary>
    public static WhatsAppMessage TestSend(int lineId, string to, string text, string userId, DateTimeOffset now)
    {
        var message = Create(lineId, to, MessageContent.Plain(text), MessageOrigin.TestSend(userId), now, MessageStatus.Sending);
        message.Attempts = 1;
        message.ClaimedAt = now;
        message.ClaimToken = Guid.NewGuid();
        return message;
    }

    /// <summary>A text message through a sandbox line: kept and shown in the inbox, sent at once.</summary>
    public static WhatsAppMessage Sandbox(int lineId, string to, string text, MessageOrigin origin, DateTimeOffset now) =>
        Sandbox(lineId, to, MessageContent.Plain(text), origin, now);

    /// <summary>A message through a sandbox line: kept and shown in the inbox (its <see cref="Text"/>), sent at once.</summary>
    public static WhatsAppMessage Sandbox(int lineId, string to, MessageContent content, MessageOrigin origin, DateTimeOffset now)
    {
        var message = Create(lineId, to, content, origin, now, MessageStatus.Sent);
        message.SentAt = now;
        message.StatusAt = now;
        message.ProviderMessageId = string.Create(CultureInfo.InvariantCulture, $"{SandboxIdPrefix}{Guid.NewGuid():N}");
        return message;
    }

    /// <summary>The decision on one call to the provider: the message is sent, will be tried again, or failed for good.</summary>
    public MessageAttempt Record(ProviderReply reply, SendDecision decision, DateTimeOffset now, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(decision);
        if (Status != MessageStatus.Sending)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}, not {MessageStatus.Sending}.");
        }

        ClaimedAt = null;
        ClaimToken = null;
        switch (decision.Kind)
        {
            case SendDecisionKind.Sent:
                Status = MessageStatus.Sent;
                ProviderMessageId = Truncate(reply.MessageId, ProviderIdMaxLength);
                SentAt = now;
                StatusAt = now;
                NextAttemptAt = null;
                break;
            case SendDecisionKind.Retry:
                Status = MessageStatus.Pending;
                ProviderCode = reply.ErrorCode;
                ProviderError = Truncate(reply.Describe(), ProviderErrorMaxLength);
                NextAttemptAt = decision.RetryAt;
                break;
            default:
                FailWith(decision.ErrorCode!, reply.ErrorCode, reply.Describe(), now);
                break;
        }

        return new MessageAttempt(Id, Attempts, now, reply.HttpStatus, reply.ErrorCode, decision.Kind, Truncate(reply.Describe(), ProviderErrorMaxLength), node);
    }

    /// <summary>
    /// A worker took it and died (or was cut off) before it could say what the provider answered: it may or may not
    /// have gone out. It is not sent again by itself, so the recipient never gets it twice.
    /// </summary>
    public void Interrupted(DateTimeOffset now)
    {
        if (Status != MessageStatus.Sending)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}, not {MessageStatus.Sending}.");
        }

        FailWith(Common.ErrorCodes.MessageUncertain, null, UncertainDetail, now);
        Status = MessageStatus.Uncertain;
        ClaimedAt = null;
        ClaimToken = null;
    }

    /// <summary>An administrator chose to send an uncertain message again, knowing the recipient may get it twice.</summary>
    public void SendAgain(DateTimeOffset now)
    {
        if (Status != MessageStatus.Uncertain)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}, not {MessageStatus.Uncertain}.");
        }

        Status = MessageStatus.Pending;
        ErrorCode = null;
        ProviderError = null;
        NextAttemptAt = now;
        StatusAt = now;
    }

    /// <summary>Fails a message that was never handed to the provider (its line went away, the run stopped).</summary>
    public void Abandon(string errorCode, string detail, DateTimeOffset now)
    {
        if (Status != MessageStatus.Pending)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}, not {MessageStatus.Pending}.");
        }

        FailWith(errorCode, null, detail, now);
    }

    /// <summary>
    /// A delivery-status callback. Statuses only move forward (sent → delivered → read); a failure reported after
    /// the provider accepted the message ends it. Returns whether anything changed.
    /// </summary>
    public bool ApplyStatus(MessageStatus status, DateTimeOffset at, int? providerCode, string? providerError)
    {
        if (!Status.IsSent() || !status.IsFinal())
        {
            return false;
        }

        if (status == MessageStatus.Failed)
        {
            Status = MessageStatus.Failed;
            ErrorCode = Common.ErrorCodes.ProviderRejected;
            ProviderCode = providerCode;
            ProviderError = Truncate(providerError, ProviderErrorMaxLength);
            StatusAt = at;
            return true;
        }

        if (Rank(status) <= Rank(Status))
        {
            return false;
        }

        Status = status;
        StatusAt = at;
        return true;
    }

    private static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.Sent => 1,
        MessageStatus.Delivered => 2,
        MessageStatus.Read => 3,
        _ => 0,
    };

    private static WhatsAppMessage Create(int lineId, string to, MessageContent content, MessageOrigin origin, DateTimeOffset now, MessageStatus status)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(content);
        var text = content.Text;
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        if (string.IsNullOrEmpty(text) || text.Length > TextMaxLength)
        {
            throw new CrmValidationException(nameof(Text), string.IsNullOrEmpty(text) ? CrmValidation.Required : CrmValidation.TooLong, TextMaxLength);
        }

        return new WhatsAppMessage
        {
            LineId = lineId,
            To = to,
            Text = text,
            Kind = content.Kind,
            Payload = content.Payload,
            IdempotencyKey = origin.Key,
            RunId = origin.RunId,
            RunItemId = origin.RunItemId,
            StepIndex = origin.StepIndex,
            EntityType = origin.EntityType,
            EntityId = origin.EntityId,
            CreatedById = origin.UserId,
            Status = status,
            CreatedAt = now,
            NextAttemptAt = status == MessageStatus.Pending ? now : null,
        };
    }

    private void FailWith(string errorCode, int? providerCode, string? providerError, DateTimeOffset now)
    {
        Status = MessageStatus.Failed;
        ErrorCode = errorCode;
        ProviderCode = providerCode;
        ProviderError = Truncate(providerError, ProviderErrorMaxLength);
        NextAttemptAt = null;
        StatusAt = now;
    }

    private static string? Truncate(string? text, int length) => text is not null && text.Length > length ? text[..length] : text;
}

/// <summary>Who a message is for and what sent it: a run's step for an entity, or an admin's test send.</summary>
public sealed record MessageOrigin(string Key, long? RunId, long? RunItemId, int? StepIndex, CrmEntityType? EntityType, long? EntityId, string? UserId)
{
    public static MessageOrigin Step(long runId, long runItemId, int stepIndex, CrmEntityType entityType, long entityId, string recipient, string userId) =>
        new(WhatsAppMessage.KeyFor(runItemId, stepIndex, recipient), runId, runItemId, stepIndex, entityType, entityId, userId);

    public static MessageOrigin TestSend(string userId) =>
        new(string.Create(CultureInfo.InvariantCulture, $"test:{Guid.NewGuid():N}"), null, null, null, null, null, userId);
}

/// <summary>One call to the provider for a message and what came of it; every attempt is kept.</summary>
public sealed class MessageAttempt
{
    private MessageAttempt()
    {
    }

    public const int NodeMaxLength = 200;

    public MessageAttempt(long messageId, int number, DateTimeOffset at, int? httpStatus, int? providerCode, SendDecisionKind outcome, string? detail, string? node = null)
    {
        Node = Truncate(node, NodeMaxLength);
        MessageId = messageId;
        Number = number;
        At = at;
        HttpStatus = httpStatus;
        ProviderCode = providerCode;
        Outcome = outcome;
        Detail = detail;
    }

    public long Id { get; private set; }

    public long MessageId { get; private set; }

    /// <summary>1 for the first call.</summary>
    public int Number { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The HTTP status, or null when no answer came (timeout, connection refused or dropped).</summary>
    public int? HttpStatus { get; private set; }

    public int? ProviderCode { get; private set; }

    public SendDecisionKind Outcome { get; private set; }

    public string? Detail { get; private set; }

    /// <summary>The worker process that made the call (host and process id), for support staff tracing a send.</summary>
    public string? Node { get; private set; }

    private static string? Truncate(string? text, int length) => text is not null && text.Length > length ? text[..length] : text;
}
