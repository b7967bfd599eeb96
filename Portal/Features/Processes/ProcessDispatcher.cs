using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Features.Processes;

public sealed class ProcessOptions
{
    public const string SectionName = "Portal:Processes";

    /// <summary>How often a worker looks for instances to hand to the job engine (new ones, or ones left untouched).</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>An open instance nothing has touched for this long is handed to the job engine again.</summary>
    public int StaleAfterSeconds { get; set; } = 120;

    /// <summary>How often an instance waiting for its record's stage to change looks again by itself, should the change's signal be missed.</summary>
    public int StageRecheckMinutes { get; set; } = 60;
}

/// <summary>
/// On every job-executing node: hands instances to the job engine. New instances come from the CRM triggers (in the
/// transaction that created or moved a record, where the job engine cannot be reached) and from manual starts whose
/// scheduling failed; an instance left untouched is handed over again. It is also the sweeper of waits: a waiting instance
/// whose moment passed more than <see cref="ProcessOptions.StaleAfterSeconds"/> ago (its delayed job lost, say, with a
/// restart) is handed over, and so is one the CRM triggers signalled (its record left the stage it waits on, or is gone) by
/// clearing its <c>ScheduledAt</c>. Rows are claimed with SKIP LOCKED, so nodes
/// never hand over the same instance at once, and running one twice is harmless (its row lock and progress).
/// </summary>
public sealed partial class ProcessDispatcher(
    IServiceScopeFactory scopes,
    IOptions<ProcessOptions> options,
    TimeProvider clock,
    ILogger<ProcessDispatcher> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    while (await DispatchAsync(stoppingToken) == Batch)
                    {
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// Hands the due instances to the job engine; returns how many. They are claimed (marked scheduled) and committed first:
    /// a job that fires at once must find the row unlocked, or it would take it for another worker's. When the job engine
    /// cannot be reached, the claim is taken back for the next tick.
    /// </summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        await using (db)
        {
            var now = clock.GetUtcNow();
            var stale = now.AddSeconds(-options.Value.StaleAfterSeconds);
            var due = await db.Database.SqlQuery<long>(
                    $"""
                    UPDATE "ProcessInstances" SET "ScheduledAt" = {now}
                    WHERE "Id" IN (
                        SELECT "Id" FROM "ProcessInstances"
                        WHERE ("Status" IN ('Queued', 'Running') AND ("ScheduledAt" IS NULL OR ("ScheduledAt" < {stale} AND "UpdatedAt" < {stale})))
                            OR ("Status" = 'Waiting' AND ("ScheduledAt" IS NULL OR ("ResumeAt" < {stale} AND "ScheduledAt" < {stale})))
                        ORDER BY "UpdatedAt", "Id"
                        LIMIT {Batch}
                        FOR NO KEY UPDATE SKIP LOCKED)
                    RETURNING "Id" AS "Value"
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return 0;
            }

            try
            {
                await scope.ServiceProvider.GetRequiredService<ProcessScheduler>().ScheduleAsync(due, cancellationToken);
            }
            catch (Exception)
            {
                await db.ProcessInstances.Where(i => due.Contains(i.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.ScheduledAt, (DateTimeOffset?)null), CancellationToken.None);
                throw;
            }

            return due.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing process instances to the scheduler failed; trying again shortly")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}
