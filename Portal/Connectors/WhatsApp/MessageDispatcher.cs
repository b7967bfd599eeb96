using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Features.Engine;
using Portal.Features.RunLog;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// Hands outbox messages to the Cloud API. A sender first waits for a slot of a line that has due messages (only a line
/// whose next slot is at most <see cref="WhatsAppOptions.SlotLookaheadMilliseconds"/> away: a slow or paused line holds
/// no sender), and only then takes (Pending → Sending) that line's next message, by one statement that skips rows
/// another worker holds and gives the message a new claim token. The lease of the claim therefore covers one call, not
/// a wait in a queue. The message is sent with its idempotency key, and the answer is recorded with the attempt only
/// while the claim is still the sender's: sent with the provider's id, to be tried again later, or failed for good. A
/// claim whose lease ran out is settled as <see cref="MessageStatus.Uncertain"/>. No database transaction is held
/// across the call.
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
    /// Waits for the slot of the line of the oldest due message (among lines whose slot is near), then takes that
    /// line's next due message, unless its run was asked to stop; null when no line has a due message and a near slot.
    /// </summary>
    public async Task<WhatsAppMessage?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        var lookahead = TimeSpan.FromMilliseconds(options.Value.SlotLookaheadMilliseconds);

        // A few tries: another sender may reserve the line's near slots, or take its last message, between two statements.
        for (var tries = 0; tries < 3; tries++)
        {
            var now = clock.GetUtcNow();
            int lineId;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var lines = await db.Database.SqlQuery<int>($"""
                    SELECT m."LineId" AS "Value" FROM "WhatsAppMessages" m
                    WHERE m."Status" = 'Pending' AND m."NextAttemptAt" <= {now}
                      AND NOT EXISTS (SELECT 1 FROM "WhatsAppLineThrottles" t WHERE t."LineId" = m."LineId" AND t."NextSlotAt" > clock_timestamp() + {lookahead})
                      AND NOT EXISTS (SELECT 1 FROM "ScenarioRuns" r WHERE r."Id" = m."RunId" AND r."StopRequestedAt" IS NOT NULL)
                    ORDER BY m."NextAttemptAt", m."Id"
                    LIMIT 1
                    """).ToListAsync(cancellationToken);
                if (lines.Count == 0)
                {
                    return null;
                }

                lineId = lines[0];
            }

            // A line that cannot send (switched off, no settings) needs no slot: its messages fail at once.
            var target = await TargetAsync(lineId, cached: true, cancellationToken);
            if (target.Api is not null
                && !await limiter.WaitForSlotAsync(lineId, target.RatePerSecond, lookahead, _ => Task.FromResult(true), cancellationToken))
            {
                continue;
            }

            var slotCame = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await ClaimOnLineAsync(lineId, cancellationToken) is { } claimed)
            {
                // The claim is a round trip after the slot; one held up (a collector pause, a busy machine) would send the
                // message together with the other workers' next slots. Then the claim is given back untouched and the
                // sender starts again from a fresh slot: a claimed message never waits (a paused line could outlast the
                // lease and make it uncertain although it never left).
                if (target.Api is not null
                    && System.Diagnostics.Stopwatch.GetElapsedTime(slotCame) > TimeSpan.FromSeconds(1.0 / target.RatePerSecond))
                {
                    await ReleaseAsync(claimed.Id, claimed.ClaimToken);
                    continue;
                }

                return claimed;
            }
        }

        return null;
    }

    /// <summary>Sends a message this worker has taken and records what came of it; true when nothing more will be tried.</summary>
    public async Task<bool> SendClaimedAsync(WhatsAppMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var target = await TargetAsync(message.LineId, cached: true, cancellationToken);
        await SendAsync(message, target, options.Value.Retries, waitForSlot: false, cancellationToken);
        return message.Status.IsFinal();
    }

    /// <summary>
    /// Messages whose claim's lease ran out (their worker died or was cut off during the call) become uncertain: not
    /// failed, not sent again by themselves. Returns the run items and steps they belong to, to be woken.
    /// </summary>
    public async Task<IReadOnlyList<(long Item, int Step)>> SettleInterruptedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = now - TimeSpan.FromSeconds(options.Value.SendingLeaseSeconds);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.WhatsAppMessages
            .Where(m => m.Status == MessageStatus.Sending && m.ClaimedAt < expired)
            .OrderBy(m => m.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return [];
        }

        foreach (var message in messages)
        {
            LogUncertain(logger, message.Id, message.ClaimedAt);
            message.Interrupted(now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A sender wrote its answer meanwhile (its claim was still its own): the next round settles the rest.
            return [];
        }

        return messages.Where(m => m.RunItemId is not null && m.StepIndex is not null).Select(m => (m.RunItemId!.Value, m.StepIndex!.Value)).ToList();
    }

    /// <summary>
    /// An administrator chose to send a run's uncertain messages again (their recipients may get them twice):
    /// they go back to the outbox. Returns how many.
    /// </summary>
    public static async Task<int> SendUncertainAgainAsync(PortalDbContext db, long runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var uncertain = await db.WhatsAppMessages.Where(m => m.RunId == runId && m.Status == MessageStatus.Uncertain).ToListAsync(cancellationToken);
        uncertain.ForEach(m => m.SendAgain(now));
        await db.SaveChangesAsync(cancellationToken);
        return uncertain.Count;
    }

    /// <summary>Takes the line's next due message now that its slot has come; null when another sender took it first.</summary>
    private async Task<WhatsAppMessage?> ClaimOnLineAsync(int lineId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.WhatsAppMessages.FromSql($"""
            UPDATE "WhatsAppMessages" SET "Status" = 'Sending', "ClaimedAt" = {now}, "ClaimToken" = {token}, "Attempts" = "Attempts" + 1
            WHERE "Id" = (
                SELECT m."Id" FROM "WhatsAppMessages" m
                WHERE m."Status" = 'Pending' AND m."NextAttemptAt" <= {now} AND m."LineId" = {lineId}
                  AND NOT EXISTS (SELECT 1 FROM "ScenarioRuns" r WHERE r."Id" = m."RunId" AND r."StopRequestedAt" IS NOT NULL)
                ORDER BY m."NextAttemptAt", m."Id"
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : claimed[0];
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
        var reply = await SendAsync(message, target, new RetrySettings(MaxAttempts: 1, MaxThrottledAttempts: 1), waitForSlot: true, cancellationToken);
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

    /// <param name="waitForSlot">
    /// Whether to wait for the line's slot first (an admin's test message); an outbox message was taken at its slot.
    /// </param>
    private async Task<ProviderReply> SendAsync(WhatsAppMessage message, LineTarget target, RetrySettings retries, bool waitForSlot, CancellationToken cancellationToken)
    {
        var token = message.ClaimToken;
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
                if (!waitForSlot
                    || await limiter.WaitForSlotAsync(message.LineId, target.RatePerSecond, LineRateLimiter.Unlimited, wanted => RunGoesOnAsync(message.RunId, wanted), cancellationToken))
                {
                    // Once the call has started it is finished and recorded whatever happens to the job: an unrecorded
                    // send would otherwise look interrupted, and the message would be failed although it went out.
                    reply = await client.SendAsync(api, message.To, message.Content, message.IdempotencyKey, CancellationToken.None);
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
                await ReleaseAsync(message.Id, token);
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

        // The outcome is written only while the claim is still this sender's (the claim token is the row's
        // concurrency token): a claim settled as uncertain meanwhile is left as it is. The call is logged either way.
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        db.WhatsAppMessages.Attach(message);
        var attempt = message.Record(reply, decision, clock.GetUtcNow(), Node);
        db.MessageAttempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogClaimLost(logger, message.Id, reply.Describe());
            db.ChangeTracker.Clear();
            db.MessageAttempts.Add(attempt);
            await db.SaveChangesAsync(CancellationToken.None);
        }

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

    private async Task ReleaseAsync(long messageId, Guid? token)
    {
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        await db.WhatsAppMessages
            .Where(m => m.Id == messageId && m.Status == MessageStatus.Sending && m.ClaimToken == token)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Status, MessageStatus.Pending)
                    .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                    .SetProperty(m => m.ClaimedAt, (DateTimeOffset?)null)
                    .SetProperty(m => m.ClaimToken, (Guid?)null),
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

        if (line.SendsOverUnallowedPlainHttp)
        {
            return new LineTarget(line.RatePerSecond, null, $"the line {line.Name} would send its token over plain http; make its base URL https, or allow plain http on the line");
        }

        return secrets.TryUnprotect(line.ProtectedAccessToken) is { } token
            ? new LineTarget(line.RatePerSecond, new CloudApiTarget(line.BaseUrl, line.ApiVersion, line.PhoneNumberId, token), null)
            : new LineTarget(line.RatePerSecond, null, $"the access token of the line {line.Name} cannot be read; enter it again");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be handed to the provider; it will be tried again")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}, taken at {ClaimedAt}, was never answered within its lease: shown as uncertain, not sent again")]
    private static partial void LogUncertain(ILogger logger, long messageId, DateTimeOffset? claimedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId}: its claim was settled by another worker before its answer ({Reply}) came; the answer is kept with the attempt only")]
    private static partial void LogClaimLost(ILogger logger, long messageId, string reply);

    [LoggerMessage(Level = LogLevel.Information, Message = "Line {LineId}: the provider asked to slow down; no message goes out for {PauseMs} ms")]
    private static partial void LogThrottled(ILogger logger, int lineId, double pauseMs);

    private sealed record LineTarget(int RatePerSecond, CloudApiTarget? Api, string? Problem);
}
