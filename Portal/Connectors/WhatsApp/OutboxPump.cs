using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.Engine;
using Portal.Features.RunLog;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// Sends the outbox on every process that executes jobs: a few sender loops take due messages one at a time (any
/// run, any line; rows another worker holds are skipped), wait for their line's slot and send them. Sending never
/// holds an engine thread, so a big campaign keeps its lines busy while other runs go on. When a run's message is
/// done, its item is woken and its chunk scheduled, so the step concludes within a moment; an item whose wake-up is
/// lost (a crash between the two) is looked at again by the engine's own periodic check. Every few seconds the messages
/// whose claim's lease ran out (their worker died during the call) are settled as uncertain and their items woken, so a
/// run interrupted by a crash ends about one lease after the call.
/// </summary>
public sealed partial class OutboxPump(
    MessageDispatcher dispatcher,
    IDbContextFactory<PortalDbContext> contextFactory,
    IServiceScopeFactory scopes,
    IOptions<WhatsAppOptions> options,
    ILogger<OutboxPump> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan IdleRest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WakeEvery = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _work = new(0);
    private readonly ConcurrentDictionary<long, int> _done = new();

    /// <summary>Messages were just queued in this process: the senders look now instead of at their next poll.</summary>
    public void MessagesQueued()
    {
        var senders = options.Value.SendConcurrency;
        if (_work.CurrentCount < senders)
        {
            _work.Release(senders - _work.CurrentCount);
        }
    }

    public override void Dispose()
    {
        _work.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A sender whose slot has come must get a thread at once, not after the pool has grown past the engine's work:
        // a late sender gives its slot up, and several late ones would go out together.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, (options.Value.SendConcurrency * 2) + 16), completion);
        var loops = Enumerable.Range(0, options.Value.SendConcurrency).Select(sender => SendLoopAsync(sender == 0, stoppingToken)).ToList();
        loops.Add(WakeLoopAsync(stoppingToken));
        return Task.WhenAll(loops);
    }

    /// <summary>
    /// One sender. While the outbox is empty only the first one polls it (twice a second, for messages queued by other
    /// processes or due for another try); the others rest until a sender that found work wakes one more of them.
    /// </summary>
    private async Task SendLoopAsync(bool polls, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var message = await dispatcher.ClaimNextAsync(stoppingToken);
                if (message is null)
                {
                    await _work.WaitAsync(polls ? IdlePoll : IdleRest, stoppingToken);
                    continue;
                }

                if (_work.CurrentCount == 0)
                {
                    _work.Release();
                }

                if (await dispatcher.SendClaimedAsync(message, stoppingToken) && message is { RunItemId: { } item, StepIndex: { } step })
                {
                    _done[item] = step;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                LogSendLoopFailed(logger, error);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Every moment: the items whose messages are all done are made due, and their chunks scheduled.</summary>
    private async Task WakeLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(WakeEvery);
        var settleEvery = TimeSpan.FromSeconds(options.Value.SettleIntervalSeconds);
        var settled = DateTimeOffset.MinValue;
        while (await TickAsync(timer, stoppingToken))
        {
            if (DateTimeOffset.UtcNow - settled >= settleEvery)
            {
                settled = DateTimeOffset.UtcNow;
                await SettleAsync(stoppingToken);
            }

            if (_done.IsEmpty)
            {
                continue;
            }

            var done = _done.ToArray();
            foreach (var (item, _) in done)
            {
                _done.TryRemove(item, out _);
            }

            try
            {
                await WakeAsync(done.Select(d => d.Key).ToArray(), done.Select(d => d.Value).ToArray(), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The engine's periodic look at held items concludes them anyway, a little later.
                LogWakeFailed(logger, error, done.Length);
            }
        }
    }

    /// <summary>Messages whose worker died during the call become uncertain; their items are woken like those of sent ones.</summary>
    private async Task SettleAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var (item, step) in await dispatcher.SettleInterruptedAsync(stoppingToken))
            {
                _done[item] = step;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSettleFailed(logger, error);
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WakeAsync(long[] items, int[] steps, CancellationToken cancellationToken)
    {
        List<WokenItem> woken;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Only an item still on the step that sent the message: one that went on (to a "Wait", say) keeps its time.
            woken = await db.Database.SqlQuery<WokenItem>($"""
                UPDATE "RunItems" i SET "ResumeAt" = NULL
                FROM unnest({items}, {steps}) AS d("Item", "Step")
                WHERE i."Id" = d."Item" AND i."NextStep" = d."Step" AND i."Status" = 1
                RETURNING i."RunId", i."Chunk"
                """).ToListAsync(cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<RunScheduler>();
        foreach (var run in woken.GroupBy(w => w.RunId))
        {
            await scheduler.WakeAsync(run.Key, run.Select(w => w.Chunk).Distinct(), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox's sender failed; it goes on in a second")]
    private static partial void LogSendLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling the messages whose lease ran out failed; tried again shortly")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking {Count} run item(s) whose messages are done failed; the engine will look at them later")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, int count);

    private sealed record WokenItem(long RunId, int Chunk);
}
