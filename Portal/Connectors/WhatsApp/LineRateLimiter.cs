using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// A line's rate limit held in PostgreSQL, so every worker process shares it: each message reserves the line's next
/// slot in one statement (the slot moves on by 1 / rate) and waits until its slot comes. Several workers together
/// therefore never exceed the rate; when the provider says "throughput exceeded", <see cref="PauseAsync"/> moves the
/// next slot out for everyone. The database's clock is the only clock the slots are counted in.
/// </summary>
public sealed class LineRateLimiter(IDbContextFactory<PortalDbContext> contextFactory, IOptions<WhatsAppOptions> options)
{
    /// <summary>Pauses this process learnt of (its own throttled calls): slots it reserved before are not used before them.</summary>
    private readonly ConcurrentDictionary<int, long> _pausedUntil = new();

    /// <summary>How far ahead a slot may be reserved when the caller does not limit it (an admin's test message waits its turn).</summary>
    public static readonly TimeSpan Unlimited = TimeSpan.FromDays(365);

    /// <summary>
    /// Waits for the line's next free slot, then the caller may send one message. A slot further ahead than
    /// <paramref name="lookahead"/> is not reserved at all and false is returned at once: the line is busy (slow,
    /// paused or full of reservations), and the caller goes on with another line's messages instead of holding a
    /// sender for it. <paramref name="stillWanted"/> is asked when the slot has come (a stopped run's message is
    /// not): false gives the slot up and returns false.
    /// </summary>
    public async Task<bool> WaitForSlotAsync(int lineId, int ratePerSecond, TimeSpan lookahead, Func<CancellationToken, Task<bool>> stillWanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stillWanted);
        var interval = Interval(ratePerSecond);
        while (true)
        {
            // The database says how long until the slot as of some moment during the round trip; counting from before
            // the call is the safe side (a round trip held up for a while makes the slot look missed, not still ahead).
            var asked = Stopwatch.GetTimestamp();
            double seconds;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var slot = await db.Database.SqlQuery<double>($"""
                    INSERT INTO "WhatsAppLineThrottles" AS t ("LineId", "NextSlotAt") VALUES ({lineId}, clock_timestamp() + {interval})
                    ON CONFLICT ("LineId") DO UPDATE SET "NextSlotAt" = GREATEST(t."NextSlotAt", clock_timestamp()) + {interval}
                    WHERE t."NextSlotAt" <= clock_timestamp() + {lookahead}
                    RETURNING EXTRACT(EPOCH FROM (t."NextSlotAt" - {interval} - clock_timestamp()))::float8 AS "Value"
                    """).ToListAsync(cancellationToken);
                if (slot.Count == 0)
                {
                    return false;
                }

                seconds = slot[0];
            }

            var wait = TimeSpan.FromSeconds(Math.Max(0, seconds));
            var due = asked + (long)(wait.TotalSeconds * Stopwatch.Frequency);
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }

            // A slot missed by more than one interval (the process or the database stalled: a collector pause, a busy
            // machine) is given up: sent now, the message would go out together with the other workers' next slots. A slot reserved
            // before the provider asked this process to hold back is given up too.
            if (!await stillWanted(cancellationToken))
            {
                return false;
            }

            var paused = _pausedUntil.TryGetValue(lineId, out var until) && Stopwatch.GetTimestamp() < until;
            if (!paused && Stopwatch.GetElapsedTime(due) <= interval)
            {
                return true;
            }
        }
    }

    /// <summary>The provider asked the line to slow down: no worker sends through it for <paramref name="pause"/>.</summary>
    public async Task PauseAsync(int lineId, TimeSpan pause, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency);
        _pausedUntil.AddOrUpdate(lineId, until, (_, current) => Math.Max(current, until));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "WhatsAppLineThrottles" AS t ("LineId", "NextSlotAt") VALUES ({lineId}, clock_timestamp() + {pause})
            ON CONFLICT ("LineId") DO UPDATE SET "NextSlotAt" = GREATEST(t."NextSlotAt", clock_timestamp() + {pause})
            """, cancellationToken);
    }

    private TimeSpan Interval(int ratePerSecond) =>
        TimeSpan.FromSeconds(1.0 / (Math.Max(1, ratePerSecond) * options.Value.RateHeadroom));
}
