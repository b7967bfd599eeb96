using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Features.Runs;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// Hands outbox messages to the Cloud API. A message is taken (Pending → Sending) by one statement that skips rows
/// another worker holds, so of two workers only one ever calls the provider for it; it waits for its line's slot,
/// is sent with its idempotency key, and the answer is recorded with the attempt: sent with the provider's id, to be
/// tried again later, or failed for good. No database transaction is held across the call.
/// </summary>
public sealed partial class MessageDispatcher(
    IDbContextFactory<PortalDbContext> contextFactory,
    CloudApiClient client,
    LineRateLimiter limiter,
    LineSecrets secrets,
    TimeProvider clock,
    IOptions<WhatsAppOptions> options,
    ILogger<MessageDispatcher> logger)
{
    private static readonly TimeSpan LinesFor = TimeSpan.FromSeconds(5);
    private static readonly string Node = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");
    private readonly ConcurrentDictionary<int, (LineTarget Target, DateTimeOffset Until)> _lines = new();

    /// <summary>
    /// Takes the outbox's next due message (oldest due first), unless its run was asked to stop; null when none is due.
    /// </summary>
    public async Task<WhatsAppMessage?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.WhatsAppMessages.FromSql($"""
            UPDATE "WhatsAppMessages" SET "Status" = 'Sending', "ClaimedAt" = {now}, "Attempts" = "Attempts" + 1
            WHERE "Id" = (
                SELECT m."Id" FROM "WhatsAppMessages" m
                WHERE m."Status" = 'Pending' AND m."NextAttemptAt" <= {now}
                  AND NOT EXISTS (SELECT 1 FROM "ScenarioRuns" r WHERE r."Id" = m."RunId" AND r."StopRequestedAt" IS NOT NULL)
                ORDER BY m."NextAttemptAt", m."Id"
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
    }

    /// <summary>Sends a message this worker has taken and records what came of it; true when nothing more will be tried.</summary>
    public async Task<bool> SendClaimedAsync(WhatsAppMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var target = await TargetAsync(message.LineId, cached: true, cancellationToken);
        await SendAsync(message, target, options.Value.Retries, cancellationToken);
        return message.Status.IsFinal();
    }

    /// <summary>An admin's test: one message, one call, no retries; returns the provider's answer as it came.</summary>
    public async Task<(WhatsAppMessage Message, ProviderReply Reply)> SendTestAsync(int lineId, string to, string text, string userId, CancellationToken cancellationToken)
    {
        var message = WhatsAppMessage.TestSend(lineId, to, text, userId, clock.GetUtcNow());
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.WhatsAppMessages.Add(message);
            await db.SaveChangesAsync(cancellationToken);
        }

        var target = await TargetAsync(lineId, cached: false, cancellationToken);
        var reply = await SendAsync(message, target, new RetrySettings(MaxAttempts: 1, MaxThrottledAttempts: 1), cancellationToken);
        return (message, reply);
    }

    /// <summary>These run items stopped: their messages that were never handed to the provider will not be.</summary>
    public static Task<int> AbandonPendingAsync(PortalDbContext db, IReadOnlyCollection<long> runItemIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = runItemIds.ToArray();
        return Abandon(db.WhatsAppMessages.Where(m => m.RunItemId != null && ids.Contains(m.RunItemId.Value)), now, cancellationToken);
    }

    /// <summary>The run stopped: its messages that were never handed to the provider will not be.</summary>
    public static Task<int> AbandonPendingAsync(PortalDbContext db, long runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Abandon(db.WhatsAppMessages.Where(m => m.RunId == runId), now, cancellationToken);
    }

    private static Task<int> Abandon(IQueryable<WhatsAppMessage> messages, DateTimeOffset now, CancellationToken cancellationToken) =>
        messages
            .Where(m => m.Status == MessageStatus.Pending)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Status, MessageStatus.Failed)
                    .SetProperty(m => m.ErrorCode, ErrorCodes.RunStopped)
                    .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                    .SetProperty(m => m.StatusAt, now),
                cancellationToken);

    private async Task<ProviderReply> SendAsync(WhatsAppMessage message, LineTarget target, RetrySettings retries, CancellationToken cancellationToken)
    {
        ProviderReply reply;
        SendDecision decision;
        var stopped = false;
        if (target.Api is not { } api)
        {
            reply = ProviderReply.NoAnswer(target.Problem ?? "the line cannot send");
            decision = new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.LineUnavailable);
        }
        else
        {
            try
            {
                if (await limiter.WaitForSlotAsync(message.LineId, target.RatePerSecond, token => RunGoesOnAsync(message.RunId, token), cancellationToken))
                {
                    // Once the call has started it is finished and recorded whatever happens to the job: an unrecorded
                    // send would otherwise look interrupted, and the message would be failed although it went out.
                    reply = await client.SendTextAsync(api, message.To, message.Text, message.IdempotencyKey, CancellationToken.None);
                }
                else
                {
                    reply = ProviderReply.NoAnswer("not sent: the run was stopped while the message waited for its slot");
                    stopped = true;
                }
            }
            catch (Exception error) when (error is OperationCanceledException || ChunkExecutor.IsTransient(error))
            {
                // Shutting down, or the database away, before the provider was called: back to the outbox untouched.
                await ReleaseAsync(message.Id);
                throw;
            }
            catch (Exception error)
            {
                // Something unexpected before the call: counted as an attempt that got no answer, so it is tried again
                // a bounded number of times instead of failing everything or looping.
                LogSendFailed(logger, error, message.Id);
                reply = ProviderReply.NoAnswer($"not sent: {error.GetType().Name}: {error.Message}");
            }

            decision = stopped
                ? new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.RunStopped)
                : SendPolicy.Decide(reply, message.Attempts, retries, clock.GetUtcNow());
            if (decision is { SlowTheLine: true, LinePause: { } pause })
            {
                LogThrottled(logger, message.LineId, pause.TotalMilliseconds);
                await limiter.PauseAsync(message.LineId, pause, CancellationToken.None);
            }
        }

        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        db.WhatsAppMessages.Attach(message);
        db.MessageAttempts.Add(message.Record(reply, decision, clock.GetUtcNow(), Node));
        await db.SaveChangesAsync(CancellationToken.None);
        return reply;
    }

    /// <summary>Whether the message's run (if it has one) has not been asked to stop.</summary>
    private async Task<bool> RunGoesOnAsync(long? runId, CancellationToken cancellationToken)
    {
        if (runId is not { } id)
        {
            return true;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return !await db.ScenarioRuns.AnyAsync(r => r.Id == id && r.StopRequestedAt != null, cancellationToken);
    }

    private async Task ReleaseAsync(long messageId)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await db.WhatsAppMessages
            .Where(m => m.Id == messageId && m.Status == MessageStatus.Sending)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Status, MessageStatus.Pending)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                    .SetProperty(m => m.ClaimedAt, (DateTimeOffset?)null),
                CancellationToken.None);
    }

    /// <summary>The line with its token in plain form, or why it cannot send; kept a few seconds (an admin's change counts after that).</summary>
    private async Task<LineTarget> TargetAsync(int lineId, bool cached, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (cached && _lines.TryGetValue(lineId, out var known) && known.Until > now)
        {
            return known.Target;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.WhatsAppLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        var target = line is null ? new LineTarget(1, null, "the line no longer exists") : Target(line);
        _lines[lineId] = (target, now + LinesFor);
        return target;
    }

    private LineTarget Target(WhatsAppLine line)
    {
        if (!line.IsActive)
        {
            return new LineTarget(line.RatePerSecond, null, $"the line {line.Name} is switched off");
        }

        if (line.Kind != LineKind.CloudApi || line.BaseUrl is null || line.ApiVersion is null || line.PhoneNumberId is null)
        {
            return new LineTarget(line.RatePerSecond, null, $"the line {line.Name} has no Cloud API settings");
        }

        return secrets.TryUnprotect(line.ProtectedAccessToken) is { } token
            ? new LineTarget(line.RatePerSecond, new CloudApiTarget(line.BaseUrl, line.ApiVersion, line.PhoneNumberId, token), null)
            : new LineTarget(line.RatePerSecond, null, $"the access token of the line {line.Name} cannot be read; enter it again");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be handed to the provider; it will be tried again")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Line {LineId}: the provider asked to slow down; no message goes out for {PauseMs} ms")]
    private static partial void LogThrottled(ILogger logger, int lineId, double pauseMs);

    private sealed record LineTarget(int RatePerSecond, CloudApiTarget? Api, string? Problem);
}
