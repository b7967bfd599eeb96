using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using Portal.Features.Engine;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Features.Scenarios;
using Portal.Hosting;

namespace Portal.Features.Processes;

/// <summary>
/// Runs a process instance from the activity it is at, one activity per transaction: the instance row is locked, the
/// activity's effect, its log line and the instance's progress commit together. "Start smart scenario" launches through
/// the one <see cref="LaunchService"/> (its own transaction, at most one run per instance and activity); the other
/// activities run through the engine's own <see cref="RobotRunner"/>, as a step of one record without a run. A condition is
/// decided once (<see cref="ProcessConditions"/>), its choice logged and the position moved into the chosen branch in one
/// transaction, so a restart goes on inside that branch without deciding again; a "Set variable" stores its value on the
/// instance the same way. A failed activity ends the instance with its error in the log, which the record's card shows.
/// </summary>
public sealed partial class ProcessExecutor(
    IDbContextFactory<PortalDbContext> contextFactory,
    LaunchService launcher,
    RobotRunner robots,
    EntityFields entityFields,
    ProcessScheduler scheduler,
    IOptions<ProcessOptions> options,
    PortalTimeZone timeZone,
    IOptions<PortalOptions> portal,
    TimeProvider clock,
    ILogger<ProcessExecutor> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Runs the instance's remaining activities. A transient database failure is tried again; any other error ends the
    /// instance with <c>engine.failed</c> and the error in its log, rather than leaving it running for the dispatcher
    /// to hand over again and again.
    /// </summary>
    public Task RunAsync(long instanceId, CancellationToken cancellationToken = default) => RunAsync(instanceId, null, cancellationToken);

    /// <summary>
    /// Ends the wait at <paramref name="position"/> and runs on, when the instance still waits there and its moment has come
    /// (or its record left the stage it waits on); a stale or repeated job does nothing.
    /// </summary>
    public Task ResumeAsync(long instanceId, int position, CancellationToken cancellationToken = default) => RunAsync(instanceId, position, cancellationToken);

    private async Task RunAsync(long instanceId, int? waitingAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var expected = waitingAt;
                while (await StepAsync(instanceId, expected, cancellationToken))
                {
                    expected = null;
                }

                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                if (ChunkExecutor.IsTransient(error) && attempt < MaxAttempts)
                {
                    LogRetry(logger, error, instanceId, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), clock, cancellationToken);
                    continue;
                }

                LogCrashed(logger, error, instanceId);
                await FailAfterErrorAsync(instanceId, error, cancellationToken);
                return;
            }
        }
    }

    private async Task FailAfterErrorAsync(long instanceId, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, instanceId, cancellationToken) is { IsOver: false } instance)
        {
            var index = instance.NextActivity < instance.Plan.Count ? instance.NextActivity : (int?)null;
            await FailAsync(db, instance, index, ErrorCodes.EngineFailed, error.Message, clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>One activity (or the instance's end); false when there is nothing more to do here.</summary>
    private async Task<bool> StepAsync(long instanceId, int? waitingAt, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var instance = await LockAsync(db, instanceId, cancellationToken);
        if (instance is null || instance.IsOver)
        {
            // Another worker has it, or it is over.
            return false;
        }

        if (waitingAt is { } position && (instance.Status != ProcessStatus.Waiting || instance.NextActivity != position))
        {
            // A resume job for a wait that is over already (a duplicate, or one the sweeper handed over first).
            return false;
        }

        await ProcessChain.EnterAsync(db, instance.Id, cancellationToken);

        // The instance's culture for everything it renders and launches (the launch takes the current culture as the run's).
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(instance.Culture ?? portal.Value.Culture);
        var now = clock.GetUtcNow();
        if (instance.Status == ProcessStatus.Queued)
        {
            instance.Begin(now);
            db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, null, ProcessLog.Started, instance.Trigger.ToString(), now));

            // Written now (still in this transaction), so a failing robot's changes can be dropped without it.
            await db.SaveChangesAsync(cancellationToken);
        }

        if (instance.Depth > ProcessRules.MaxDepth)
        {
            // Processes starting each other through the records they change, deeper than any real chain goes.
            return await FailAsync(db, instance, null, ErrorCodes.LaunchLoopDetected, $"depth {instance.Depth}", now, cancellationToken);
        }

        if (instance.NextActivity >= instance.Plan.Count)
        {
            instance.ActivityDone(now);
            db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, null, ProcessLog.Completed, null, now));
            await SaveAsync(db, cancellationToken);
            return false;
        }

        var index = instance.NextActivity;
        var activity = instance.Plan[index].Activity;
        var fields = await entityFields.LoadManyAsync(db, instance.EntityType, [instance.EntityId], cancellationToken);
        if (!fields.TryGetValue(instance.EntityId, out var document))
        {
            return await FailAsync(db, instance, index, ErrorCodes.EntityNotFound, $"{instance.EntityType} {instance.EntityId}", now, cancellationToken);
        }

        var context = Context(instance, document, timeZone.Zone);
        return activity.Kind switch
        {
            ProcessActivities.StartScenario => await StartScenarioAsync(db, instance, index, activity, context, now, cancellationToken),
            ProcessActivities.Condition => await DecideAsync(db, instance, index, activity, context, now, cancellationToken),
            ProcessActivities.SetVariable => await SetVariableAsync(db, instance, index, activity, context, now, cancellationToken),
            ProcessActivities.Wait when instance.Status == ProcessStatus.Waiting => await ResumeWaitAsync(db, instance, index, context, now, cancellationToken),
            ProcessActivities.Wait => await BeginWaitAsync(db, instance, index, activity, context, now, cancellationToken),
            _ => await RunRobotAsync(db, instance, index, activity, context, now, cancellationToken),
        };
    }

    /// <summary>
    /// The document's values: its own fields (also as <c>Document.*</c>), linked records, responsible, start parameters,
    /// variables (dates in <paramref name="zone"/>).
    /// </summary>
    internal static IReadOnlyDictionary<string, TemplateValue> Context(ProcessInstance instance, IReadOnlyDictionary<string, TemplateValue> document, TimeZoneInfo zone)
    {
        var context = new Dictionary<string, TemplateValue>(document, StringComparer.Ordinal);
        var own = $"{instance.EntityType}.";
        foreach (var (key, value) in document.Where(v => v.Key.StartsWith(own, StringComparison.Ordinal)))
        {
            context[$"Document.{key[own.Length..]}"] = value;
        }

        foreach (var (key, value) in instance.StartValues)
        {
            context[ProcessFields.StartPrefix + key] = TemplateValue.Text(value);
        }

        foreach (var (name, variable) in instance.Variables)
        {
            context[ProcessVariable.Prefix + name] = variable.ToTemplateValue(zone);
        }

        return context;
    }

    /// <summary>Takes the first branch whose test holds (or none), logs which, and moves into it.</summary>
    private static async Task<bool> DecideAsync(
        PortalDbContext db, ProcessInstance instance, int index, ProcessActivity condition, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var branches = ProcessActivities.BranchesOf(condition);
        var taken = ProcessConditions.Choose(branches, context);
        db.ProcessLog.Add(taken is { } branch
            ? ProcessLogEntry.Info(instance.Id, index, ProcessLog.BranchTaken, BranchName(branches[branch], branch), now)
            : ProcessLogEntry.Info(instance.Id, index, ProcessLog.NoBranchTaken, null, now));
        instance.BranchTaken(taken, now);
        return await AdvancedAsync(db, instance, now, cancellationToken);
    }

    /// <summary>How the log names a branch: its title, or its number from 1.</summary>
    internal static string BranchName(ProcessBranch branch, int index) =>
        string.IsNullOrWhiteSpace(branch.Title) ? (index + 1).ToString(CultureInfo.InvariantCulture) : branch.Title.Trim();

    private async Task<bool> SetVariableAsync(
        PortalDbContext db, ProcessInstance instance, int index, ProcessActivity activity, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = activity.Value(ProcessActivities.VariableName)?.Trim() ?? string.Empty;
        var type = ProcessActivities.VariableTypeOf(activity);
        if (ProcessVariable.Compute(type, activity.Value(ProcessActivities.VariableValue), context, CultureInfo.CurrentCulture, timeZone.Zone) is not { } value)
        {
            // A text (a start parameter, say) that does not read as the variable's type.
            return await FailAsync(db, instance, index, ErrorCodes.ParameterInvalid, name, now, cancellationToken);
        }

        instance.SetVariable(name, value);
        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.VariableSet, $"{name} = {value.ToTemplateValue(timeZone.Zone).Format(CultureInfo.CurrentCulture)}", now));
        return await DoneAsync(db, instance, now, cancellationToken);
    }

    /// <summary>
    /// Begins a wait: the instance is committed as waiting with its log line, then the job engine is asked to resume it at
    /// its moment (no worker is held meanwhile; should that job be lost, the dispatcher hands the instance over once it is
    /// overdue). A moment already past, or a date the record does not have, goes on at once.
    /// </summary>
    private async Task<bool> BeginWaitAsync(
        PortalDbContext db, ProcessInstance instance, int index, ProcessActivity activity, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int? stage = null;
        DateTimeOffset? resumeAt;
        if (ProcessWait.ModeOf(activity) == WaitMode.StageChange)
        {
            if (StageOf(instance, context) is not { } current)
            {
                return await FailAsync(db, instance, index, ErrorCodes.ParameterInvalid, ProcessWait.Mode, now, cancellationToken);
            }

            stage = current;
            resumeAt = now + StageRecheck;
        }
        else
        {
            resumeAt = ProcessWait.ResumeAt(activity, context, now);
        }

        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.Waiting, stage is null ? resumeAt?.ToString("O", CultureInfo.InvariantCulture) : null, now));
        if (resumeAt is not { } at || at <= now)
        {
            db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.Resumed, null, now));
            return await DoneAsync(db, instance, now, cancellationToken);
        }

        await WaitUntilAsync(db, instance, index, at, stage, now, cancellationToken);
        return false;
    }

    /// <summary>
    /// A waiting instance's job ran: it goes on when its moment has come or its record left the stage it waited on; a stage
    /// wait whose safety look finds the stage unchanged waits on; anything else (an early job) changes nothing.
    /// </summary>
    private async Task<bool> ResumeWaitAsync(
        PortalDbContext db, ProcessInstance instance, int index, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stageLeft = instance.WaitStage is { } stage && StageOf(instance, context) != stage;
        if (!stageLeft && instance.WaitStage is { } unchanged && instance.IsDue(now))
        {
            await WaitUntilAsync(db, instance, index, now + StageRecheck, unchanged, now, cancellationToken);
            return false;
        }

        if (!stageLeft && !instance.IsDue(now))
        {
            return false;
        }

        instance.Resume(now);
        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.Resumed, null, now));
        return await AdvancedAsync(db, instance, now, cancellationToken);
    }

    private async Task WaitUntilAsync(PortalDbContext db, ProcessInstance instance, int index, DateTimeOffset at, int? stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        instance.Wait(at, stage, now);
        await SaveAsync(db, cancellationToken);
        try
        {
            scheduler.ScheduleResume(instance.Id, index, at);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Committed as waiting already: the dispatcher hands it over once it is overdue.
            LogResumeNotScheduled(logger, error, instance.Id);
        }
    }

    /// <summary>How often a wait for the stage to change looks again, should the change's signal have been missed.</summary>
    private TimeSpan StageRecheck => TimeSpan.FromMinutes(options.Value.StageRecheckMinutes);

    /// <summary>The record's stage (a lead's status), as its fields carry it.</summary>
    private static int? StageOf(ProcessInstance instance, IReadOnlyDictionary<string, TemplateValue> context) =>
        context.GetValueOrDefault(instance.EntityType == CrmEntityType.Lead ? "Lead.Status" : "Deal.Stage")?.AsStage;

    private static string? Render(string? expression, IReadOnlyDictionary<string, TemplateValue> context)
    {
        if (string.IsNullOrEmpty(expression))
        {
            return null;
        }

        var text = TemplateRenderer.Render(Template.Parse(expression), context, CultureInfo.CurrentCulture);
        return text.Length == 0 ? null : text;
    }

    private async Task<bool> StartScenarioAsync(
        PortalDbContext db, ProcessInstance instance, int index, ProcessActivity activity, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Launched already, by a worker that died before it could write so.
        if (await LaunchedRunAsync(db, instance.Id, index, cancellationToken) is { } launched)
        {
            return await ScenarioStartedAsync(db, instance, index, launched, now, cancellationToken);
        }

        var elementText = Render(activity.Value(ProcessActivities.ElementId), context);
        if (ProcessActivities.ParseElement(elementText, instance.EntityType) is not { } element
            || !await RecordExistsAsync(db, element.Type, element.Id, cancellationToken))
        {
            return await FailAsync(db, instance, index, ErrorCodes.EntityNotFound, elementText ?? string.Empty, now, cancellationToken);
        }

        if (ProcessActivities.ScenarioOf(activity) is not { } scenarioId)
        {
            return await FailAsync(db, instance, index, ErrorCodes.ScenarioNotFoundOrDisabled, null, now, cancellationToken);
        }

        var link = ProcessInstance.ChainLink(scenarioId, element.Type, element.Id);
        if (instance.WouldLoop(link))
        {
            return await FailAsync(db, instance, index, ErrorCodes.LaunchLoopDetected, $"{element.Type} {element.Id}", now, cancellationToken);
        }

        var runAs = ProcessActivities.RunAsOf(activity) switch
        {
            RunAsMode.Responsible => Render("{{Responsible.Id}}", context) ?? instance.StartedById,
            RunAsMode.User => activity.Value(ProcessActivities.RunAsUser) ?? instance.StartedById,
            _ => instance.StartedById,
        };
        var values = ProcessActivities.LaunchValuesOf(activity).ToDictionary(v => v.Key, v => Render(v.Value, context), StringComparer.Ordinal);

        // The chain knows of this start before the run exists: records the run moves start child instances that see it.
        instance.AddToChain(link);
        await SaveAsync(db, cancellationToken);

        // Locked again before the launch and held until its outcome is written: a stop that came in between is seen here
        // and nothing is launched; one that comes during the launch waits for it (the run only takes a key-share lock).
        await using var next = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await next.Database.BeginTransactionAsync(cancellationToken);
        var again = await LockAsync(next, instance.Id, cancellationToken);
        if (again is null || again.IsOver || again.NextActivity != index)
        {
            return false;
        }

        var request = new LaunchRequest(scenarioId, element.Type, [element.Id], values, instance.StartedById, RunSource.Process, runAs, Process: new ProcessOrigin(instance.Id, index));
        LaunchResult result;
        try
        {
            result = await launcher.LaunchAsync(request, cancellationToken);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another worker launched it in the meantime.
            result = new LaunchResult(null, null, []);
        }

        var at = clock.GetUtcNow();
        if ((result.RunId ?? await LaunchedRunAsync(next, instance.Id, index, cancellationToken)) is { } runId)
        {
            return await ScenarioStartedAsync(next, again, index, runId, at, cancellationToken);
        }

        var detail = result.Problems.Count > 0 ? result.Problems[0].Key : null;
        return await FailAsync(next, again, index, result.ErrorCode ?? ErrorCodes.EngineFailed, detail, at, cancellationToken);
    }

    private static async Task<bool> ScenarioStartedAsync(PortalDbContext db, ProcessInstance instance, int index, long runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = await db.ScenarioRuns.Where(r => r.Id == runId).Select(r => r.ScenarioName).SingleAsync(cancellationToken);
        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.ScenarioStarted, name, now, runId));
        return await DoneAsync(db, instance, now, cancellationToken);
    }

    private async Task<bool> RunRobotAsync(
        PortalDbContext db, ProcessInstance instance, int index, ProcessActivity activity, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The activity's values are a step's fixed values: templates rendered against the process's record and start values.
        var step = new ScenarioStep(activity.Kind, activity.Values.Where(v => v.Value is not null).Select(v => new StepInput(v.Key, ValueSource.Fixed, v.Value)).ToList());
        var call = new RobotCall(db, instance.EntityType, instance.StartedById, null, index, step, new Dictionary<string, string>(), CultureInfo.CurrentCulture, now);
        var result = await robots.RunAsync(call, [new RobotTurn(instance.EntityId, null, context)], cancellationToken);
        var outcome = result.Turns[0].Outcome;
        if (outcome.Status != StepStatus.Completed)
        {
            db.ChangeTracker.Clear();
            var fresh = await LockAsync(db, instance.Id, cancellationToken);
            return await FailAsync(db, fresh!, index, outcome.ErrorCode ?? ErrorCodes.ParameterInvalid, outcome.ErrorDetail, now, cancellationToken);
        }

        db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, index, ProcessLog.ActivityDone, outcome.Output, now));
        return await DoneAsync(db, instance, now, cancellationToken);
    }

    private static Task<bool> DoneAsync(PortalDbContext db, ProcessInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        instance.ActivityDone(now);
        return AdvancedAsync(db, instance, now, cancellationToken);
    }

    /// <summary>Commits the instance's new position (and its completion, when that was the end) with whatever the activity wrote.</summary>
    private static async Task<bool> AdvancedAsync(PortalDbContext db, ProcessInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (instance.Status == ProcessStatus.Completed)
        {
            db.ProcessLog.Add(ProcessLogEntry.Info(instance.Id, null, ProcessLog.Completed, null, now));
        }

        await SaveAsync(db, cancellationToken);
        return !instance.IsOver;
    }

    private async Task<bool> FailAsync(
        PortalDbContext db, ProcessInstance instance, int? index, string code, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LogActivityFailed(logger, instance.Id, index, code);
        instance.Fail(now);
        db.ProcessLog.Add(ProcessLogEntry.Error(instance.Id, index, code, detail, now));
        await SaveAsync(db, cancellationToken);
        return false;
    }

    private static async Task SaveAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task<ProcessInstance?> LockAsync(PortalDbContext db, long instanceId, CancellationToken cancellationToken) =>
        (await db.ProcessInstances.FromSql($"""SELECT * FROM "ProcessInstances" WHERE "Id" = {instanceId} FOR NO KEY UPDATE SKIP LOCKED""")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    private static async Task<long?> LaunchedRunAsync(PortalDbContext db, long instanceId, int index, CancellationToken cancellationToken) =>
        await db.ScenarioRuns.Where(r => r.ProcessInstanceId == instanceId && r.ProcessActivity == index)
            .Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);

    internal static async Task<bool> RecordExistsAsync(PortalDbContext db, CrmEntityType type, long id, CancellationToken cancellationToken) => type switch
    {
        CrmEntityType.Deal => await db.Deals.AnyAsync(r => r.Id == id, cancellationToken),
        CrmEntityType.Contact => await db.Contacts.AnyAsync(r => r.Id == id, cancellationToken),
        CrmEntityType.Company => await db.Companies.AnyAsync(r => r.Id == id, cancellationToken),
        CrmEntityType.Lead => await db.Leads.AnyAsync(r => r.Id == id, cancellationToken),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Process instance {InstanceId} failed transiently (attempt {Attempt}); trying again")]
    private static partial void LogRetry(ILogger logger, Exception exception, long instanceId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Process instance {InstanceId} failed; it ends with engine.failed")]
    private static partial void LogCrashed(ILogger logger, Exception exception, long instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Process instance {InstanceId} waits, but its resume could not be scheduled; the dispatcher will hand it over when due")]
    private static partial void LogResumeNotScheduled(ILogger logger, Exception exception, long instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Process instance {InstanceId}: activity {Activity} failed with {Code}")]
    private static partial void LogActivityFailed(ILogger logger, long instanceId, int? activity, string code);
}
