using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Crm;
using Portal.Features.Engine.Robots;
using Portal.Features.Scenarios;

namespace Portal.Features.Engine;

/// <summary>
/// The engine: runs one chunk of a run, a step at a time for all its entities. Each round is one transaction
/// that locks the chunk's pending items, runs every item's next step, and writes the effects, the step
/// records and the items' progress together. A worker that dies loses at most the round in flight, which
/// rolled back; whoever takes the chunk next starts from what was committed, so no step runs twice.
/// </summary>
public sealed partial class ChunkExecutor(
    IDbContextFactory<PortalDbContext> contextFactory,
    RobotRunner robots,
    EntityFields entityFields,
    CrmAccess crmAccess,
    RunScheduler scheduler,
    OutboxPump outbox,
    TimeProvider clock,
    IOptions<RunOptions> options,
    ILogger<ChunkExecutor> logger)
{
    public async Task RunAsync(long runId, int chunk, CancellationToken cancellationToken = default)
    {
        var run = await WithRetriesAsync(_ => BeginAsync(runId, cancellationToken), cancellationToken);
        if (run is null)
        {
            return;
        }

        var access = await crmAccess.ForUserAsync(run.RunAsId, cancellationToken);
        var round = new Round(run, chunk, access);
        while (true)
        {
            try
            {
                if (!await WithRetriesAsync(attempt => RoundAsync(round, attempt, cancellationToken), cancellationToken))
                {
                    break;
                }

                // The messages the round put in the outbox are committed: the senders of this process look now.
                if (round.ToDispatch.Count > 0)
                {
                    outbox.MessagesQueued();
                }
            }
            catch (Exception error) when (!IsTransient(error) && error is not OperationCanceledException)
            {
                // Not the database being away but something wrong with this work: fail the round's items with
                // the reason instead of trying the same thing forever.
                LogRoundFailed(logger, error, runId, chunk);
                await FailDueItemsAsync(round, error, cancellationToken);
            }
        }

        if (round.ResumeAt is { } resumeAt)
        {
            await scheduler.ResumeAsync(runId, chunk, resumeAt, cancellationToken);
        }

        // Retried like a round: a run whose last round committed must end, or it holds a slot of its scenario.
        await WithRetriesAsync(_ => FinishIfDoneAsync(runId, cancellationToken), cancellationToken);
    }

    /// <summary>The run as this chunk works on it (null when it is gone), marked running by its aggregate if it was queued.</summary>
    private async Task<ScenarioRun?> BeginAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await LockRunAsync(db, runId, cancellationToken);
        if (run?.Begin(clock.GetUtcNow()) == true)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>
    /// The run's row, locked for this transaction: after the rounds in flight (they hold it shared), before any other
    /// chunk's start or finish.
    /// </summary>
    private static async Task<ScenarioRun?> LockRunAsync(PortalDbContext db, long runId, CancellationToken cancellationToken) =>
        (await db.ScenarioRuns.FromSql($"""SELECT * FROM "ScenarioRuns" WHERE "Id" = {runId} FOR NO KEY UPDATE""").ToListAsync(cancellationToken)).SingleOrDefault();

    /// <summary>
    /// The sweep: enqueues again the chunks with work left that nothing has touched for a while, and ends the runs that
    /// have nothing left to do but were not marked ended (their last chunk's finishing write failed for good).
    /// </summary>
    public async Task RescheduleStaleAsync(CancellationToken cancellationToken = default)
    {
        await FinishAbandonedAsync(cancellationToken);
        await EnqueueStaleChunksAsync(cancellationToken);
    }

    private async Task FinishAbandonedAsync(CancellationToken cancellationToken)
    {
        List<long> over;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            over = await db.ScenarioRuns.AsNoTracking()
                .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
                .Where(r => !db.RunItems.Any(i => i.RunId == r.Id && (i.Status == ItemStatus.Queued || i.Status == ItemStatus.Running)))
                .OrderBy(r => r.Id)
                .Select(r => r.Id)
                .Take(100)
                .ToListAsync(cancellationToken);
        }

        foreach (var runId in over)
        {
            if (await FinishIfDoneAsync(runId, cancellationToken))
            {
                LogFinishedBySweep(logger, runId);
            }
        }
    }

    private async Task EnqueueStaleChunksAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.RunItems.AsNoTracking()
            .Where(i => i.Status == ItemStatus.Queued || i.Status == ItemStatus.Running)
            .GroupBy(i => new { i.RunId, i.Chunk })
            .Where(g => g.Max(i => i.UpdatedAt) < staleBefore && g.Min(i => i.ResumeAt ?? DateTimeOffset.MinValue) <= now)
            .OrderBy(g => g.Key.RunId).ThenBy(g => g.Key.Chunk)
            .Select(g => g.Key)
            .Take(1000)
            .ToListAsync(cancellationToken);
        foreach (var run in stale.GroupBy(c => c.RunId))
        {
            var chunks = run.Select(c => c.Chunk).ToList();
            LogRescheduled(logger, run.Key, chunks.Count);
            await scheduler.ScheduleAsync(run.Key, chunks, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// One round: each pending item of the chunk that is due takes its next step. Returns whether there may be
    /// more to do now (false when every item is finished or waiting).
    /// </summary>
    private async Task<bool> RoundAsync(Round round, int attempt, CancellationToken cancellationToken)
    {
        var run = round.Run;
        round.ToDispatch.Clear();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (run.ProcessInstanceId is { } process)
        {
            // Records this run moves start their processes as children of the one that launched it (loop protection).
            await Processes.ProcessChain.EnterAsync(db, process, cancellationToken);
        }

        // Shared with the other chunks; "stop" takes it exclusively, so it waits for the rounds in flight.
        var stopRequested = await db.Database
            .SqlQuery<DateTimeOffset?>($"""SELECT "StopRequestedAt" AS "Value" FROM "ScenarioRuns" WHERE "Id" = {run.Id} FOR SHARE""")
            .ToListAsync(cancellationToken);
        var items = await PendingItemsAsync(db, round, cancellationToken);
        round.ResumeAt = items.Where(i => i.ResumeAt > now).Min(i => i.ResumeAt);
        items.RemoveAll(i => i.ResumeAt > now);
        if (items.Count == 0)
        {
            return false;
        }

        var log = new List<RunStep>(items.Count);
        if (stopRequested is not [null])
        {
            items.ForEach(i => i.Terminate(now));
            round.ResumeAt = null;
            await MessageDispatcher.AbandonPendingAsync(db, items.Select(i => i.Id).ToList(), now, cancellationToken);
        }
        else
        {
            await StartQueuedAsync(db, round, items.Where(i => i.Status == ItemStatus.Queued).ToList(), now, cancellationToken);
            var running = items.Where(i => i.Status == ItemStatus.Running).ToList();
            if (running.Count > 0)
            {
                await RunNextStepsAsync(db, log, round, running, now, attempt, cancellationToken);
            }
        }

        // The robots' effects (tracked), then the step records and every item's progress, in bulk: one commit for all.
        await db.SaveChangesAsync(cancellationToken);
        await RoundWriter.WriteStepsAsync(db, log, cancellationToken);
        await RoundWriter.WriteItemsAsync(db, items, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The chunk's items that are due fail with <see cref="ErrorCodes.EngineFailed"/>, in a transaction of their own.</summary>
    private async Task FailDueItemsAsync(Round round, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var cause = error.GetBaseException();
        var due = (await PendingItemsAsync(db, round, cancellationToken)).Where(i => !(i.ResumeAt > now)).ToList();
        foreach (var item in due)
        {
            item.Fail(ErrorCodes.EngineFailed, $"{cause.GetType().Name}: {cause.Message}", now);
        }

        await RoundWriter.WriteItemsAsync(db, due, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task<List<RunItem>> PendingItemsAsync(PortalDbContext db, Round round, CancellationToken cancellationToken) =>
        db.RunItems
            .FromSql($"""
                SELECT * FROM "RunItems"
                WHERE "RunId" = {round.Run.Id} AND "Chunk" = {round.Chunk} AND "Status" IN (0, 1)
                ORDER BY "Id" FOR UPDATE
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Items not started yet: the scenario must still be able to run, the entity must exist and the run-as user
    /// must have the Automation right on it. Each refusal fails that item, with its reason.
    /// </summary>
    private static async Task StartQueuedAsync(PortalDbContext db, Round round, List<RunItem> queued, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (queued.Count == 0)
        {
            return;
        }

        var run = round.Run;
        var scenarioRuns = await db.Scenarios.AnyAsync(s => s.Id == run.ScenarioId && s.IsActive && s.DeletedAt == null, cancellationToken);
        if (!scenarioRuns)
        {
            queued.ForEach(i => i.Fail(ErrorCodes.ScenarioNotFoundOrDisabled, null, now));
            return;
        }

        var ids = queued.Select(i => i.EntityId).ToList();
        var allowed = (await CrmRecords.AllowedIdsAsync(db, round.Access, run.EntityType, CrmAction.Automation, ids, cancellationToken)).ToHashSet();
        var existing = allowed.Count == ids.Count ? allowed : (await CrmRecords.ExistingIdsAsync(db, run.EntityType, ids, cancellationToken)).ToHashSet();
        foreach (var item in queued)
        {
            if (allowed.Contains(item.EntityId))
            {
                item.Start(now);
            }
            else if (existing.Contains(item.EntityId))
            {
                item.Fail(ErrorCodes.RightsInsufficient, null, now);
            }
            else
            {
                item.Fail(ErrorCodes.EntityNotFound, null, now);
            }
        }
    }

    private async Task RunNextStepsAsync(PortalDbContext db, List<RunStep> log, Round round, List<RunItem> running, DateTimeOffset now, int attempt, CancellationToken cancellationToken)
    {
        var run = round.Run;
        var culture = CultureInfo.GetCultureInfo(run.Culture);
        var fields = await entityFields.LoadManyAsync(db, run.EntityType, running.Select(i => i.EntityId).ToList(), cancellationToken);
        foreach (var group in running.GroupBy(i => i.NextStep).OrderBy(g => g.Key))
        {
            var index = group.Key;
            var step = run.Steps[index];
            var turns = new List<RobotTurn>();
            foreach (var item in group)
            {
                if (fields.TryGetValue(item.EntityId, out var entity))
                {
                    turns.Add(new RobotTurn(item.EntityId, item, StepValues.Context(entity, run.Steps, run.LaunchValues, culture, run.LaunchValuesAreTemplates)));
                }
                else
                {
                    Record(log, run, item, index, step.RobotKey, new Dictionary<string, string?>(), StepOutcome.Failed(ErrorCodes.EntityNotFound), now, attempt);
                }
            }

            if (turns.Count == 0)
            {
                continue;
            }

            var call = new RobotCall(db, run.EntityType, run.RunAsId, run, index, step, run.LaunchValues, culture, now);
            var result = await robots.RunAsync(call, turns, cancellationToken);
            round.ToDispatch.AddRange(result.ToDispatch);
            var finished = clock.GetUtcNow();
            foreach (var turn in result.Turns)
            {
                Record(log, run, turn.Turn.Item!, index, step.RobotKey, turn.Shown, turn.Outcome, now, attempt, finished);
            }
        }
    }

    private static void Record(
        List<RunStep> log,
        ScenarioRun run,
        RunItem item,
        int index,
        string robotKey,
        IReadOnlyDictionary<string, string?> shown,
        StepOutcome outcome,
        DateTimeOffset started,
        int attempt,
        DateTimeOffset? finished = null)
    {
        var end = finished ?? started;
        if (outcome.Status == StepStatus.Pending)
        {
            item.Hold(outcome.ResumeAt, end);
            return;
        }

        log.Add(RunStep.Record(item, index, robotKey, shown, outcome, started, end, attempt));
        switch (outcome.Status)
        {
            case StepStatus.Completed:
                item.StepDone(run.Steps.Count, end);
                break;
            case StepStatus.Waiting:
                item.WaitUntil(outcome.ResumeAt!.Value, run.Steps.Count, end);
                break;
            default:
                item.Fail(outcome.ErrorCode!, outcome.ErrorDetail, end);
                break;
        }
    }

    /// <summary>
    /// The run is over when none of its items is queued or running; the last chunk to commit sees it and counts its
    /// failures. Returns whether this call ended it.
    /// </summary>
    private async Task<bool> FinishIfDoneAsync(long runId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await LockRunAsync(db, runId, cancellationToken);
        var finished = run is not null
            && !await db.RunItems.AnyAsync(i => i.RunId == runId && (i.Status == ItemStatus.Queued || i.Status == ItemStatus.Running), cancellationToken)
            && run.Finish(now);
        if (finished)
        {
            await db.SaveChangesAsync(cancellationToken);
            await RunTotals.FreezeAsync(db, runId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return finished;
    }

    /// <summary>Runs a round again when the database failed transiently, waiting longer each time; gives up after the configured tries.</summary>
    private async Task<T> WithRetriesAsync<T>(Func<int, Task<T>> round, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await round(attempt);
            }
            catch (Exception error) when (IsTransient(error) && attempt < settings.MaxAttempts)
            {
                var delay = TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds * Math.Pow(2, attempt - 1));
                LogRetry(logger, error, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    internal static bool IsTransient(Exception error) => error switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        DbUpdateException or InvalidOperationException when error.InnerException is not null => IsTransient(error.InnerException),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of a run failed transiently (attempt {Attempt}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of run {RunId}, chunk {Chunk} failed; its due items fail with the reason")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, long runId, int chunk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} had nothing left to do but had not ended; the sweep ended it")]
    private static partial void LogFinishedBySweep(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Chunks} chunk(s) untouched for too long, scheduled again")]
    private static partial void LogRescheduled(ILogger logger, long runId, int chunks);

    private sealed class Round(ScenarioRun run, int chunk, CrmAccessContext access)
    {
        public ScenarioRun Run { get; } = run;

        public int Chunk { get; } = chunk;

        public CrmAccessContext Access { get; } = access;

        /// <summary>When the chunk's earliest waiting item is due, if any item waits.</summary>
        public DateTimeOffset? ResumeAt { get; set; }

        /// <summary>Items whose outbox messages the last round wrote, for the senders to take once it has committed.</summary>
        public List<long> ToDispatch { get; } = [];
    }
}
