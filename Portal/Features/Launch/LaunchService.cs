using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Data;
using Portal.Data.Configurations.Runs;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Robots;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.RunLog;

namespace Portal.Features.Launch;

/// <summary>
/// A launch: which scenario, on which entities, with which answers, by whom and as whom. The UI, business
/// processes and the API all launch through <see cref="LaunchService"/>. <see cref="LaunchToken"/>, made once
/// per intent to launch (when the dialog opens, when the run page shows a run), makes the request idempotent:
/// sent twice, it gives one run.
/// </summary>
public sealed record LaunchRequest(
    long ScenarioId,
    CrmEntityType EntityType,
    IReadOnlyCollection<long> EntityIds,
    IReadOnlyDictionary<string, string?> Values,
    string LaunchedById,
    RunSource Source,
    string? RunAsId = null,
    long? RerunOfId = null,
    ProcessOrigin? Process = null,
    Guid? LaunchToken = null)
{
    /// <summary>The user whose rights apply: the launching user unless a process runs as someone else.</summary>
    public string RunAs => RunAsId ?? LaunchedById;
}

/// <summary>The new run, or why there is none: an error code of the catalogue and, for launch values, one problem per field.</summary>
public sealed record LaunchResult(long? RunId, string? ErrorCode, IReadOnlyList<LaunchProblem> Problems)
{
    public bool Launched => RunId is not null;

    public static LaunchResult Refused(string code, IReadOnlyList<LaunchProblem>? problems = null) => new(null, code, problems ?? []);
}

/// <summary>
/// The one launch path. In order: a request whose launch token already wrote a run gets that run; the scenario can
/// run; the entity type is the scenario's; the run-as user has the CRM Automation right on that type; the launch
/// values fit the launch parameters; the limits hold. Then one transaction writes the run (a snapshot of the
/// scenario) and its items, and the chunks are enqueued as jobs.
/// </summary>
/// <remarks>
/// Process starts are exempt from <see cref="RunOptions.MaxConcurrentRunsPerScenario"/>: each is a one-record run,
/// already at most one per process instance and activity, and refusing one fails its process for good (a bulk stage
/// change of many deals would fail every start after the limit). They neither wait for nor take a slot of the limit,
/// which keeps bounding what people launch by hand.
/// </remarks>
public sealed partial class LaunchService(
    IDbContextFactory<PortalDbContext> contextFactory,
    CrmAccess crmAccess,
    RobotCatalog catalog,
    RunScheduler scheduler,
    TimeProvider clock,
    IOptions<RunOptions> options,
    ILogger<LaunchService> logger)
{
    /// <summary>The advisory-lock class of launches; the object is the scenario, so its launches queue one behind the other.</summary>
    private const int LaunchLockClass = 7_001;

    public async Task<LaunchResult> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await TokenRunAsync(db, request, cancellationToken) is { } earlier)
        {
            // The same request again (a double click, a resent request): the run it already wrote, whatever changed since.
            return new LaunchResult(earlier, null, []);
        }

        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.ScenarioId, cancellationToken);
        if (scenario is not { CanRun: true })
        {
            return LaunchResult.Refused(ErrorCodes.ScenarioNotFoundOrDisabled);
        }

        if (scenario.EntityType != request.EntityType)
        {
            return LaunchResult.Refused(ErrorCodes.EntityWrongType);
        }

        if (!await MayAutomateAsync(db, crmAccess, request.RunAs, scenario.EntityType, cancellationToken))
        {
            return LaunchResult.Refused(ErrorCodes.RightsInsufficient);
        }

        var parameters = scenario.LaunchParameters(catalog);
        // A process passes text it rendered already (ScenarioRun.LaunchValuesAreTemplates); people's answers are templates.
        var fromProcess = request.Source == RunSource.Process;
        var placeholders = fromProcess ? null : ScenarioFields.ForLaunchValues(scenario.EntityType, scenario.Steps, catalog);
        var problems = LaunchRules.Problems(parameters, request.Values, placeholders);
        if (problems.Count > 0)
        {
            return LaunchResult.Refused(problems[0].Code, problems);
        }

        var ids = request.EntityIds.Distinct().Order().ToArray();
        if (ids.Length == 0)
        {
            return LaunchResult.Refused(ErrorCodes.LaunchNoEntities);
        }

        if (ids.Length > settings.MaxEntitiesPerLaunch)
        {
            return LaunchResult.Refused(
                ErrorCodes.LaunchTooManyEntities,
                [new LaunchProblem(string.Empty, ErrorCodes.LaunchTooManyEntities, settings.MaxEntitiesPerLaunch.ToString(CultureInfo.InvariantCulture))]);
        }

        ScenarioRun? run;
        LaunchResult written;
        try
        {
            (run, written) = await WriteAsync(db, request, LaunchRules.Effective(parameters, request.Values, withDefaults: !fromProcess), ids, cancellationToken);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ScenarioRunConfiguration.LaunchTokenIndex })
        {
            // The same token launched another scenario meanwhile (the lock is per scenario): that run, if it is this user's.
            db.ChangeTracker.Clear();
            return await TokenRunAsync(db, request, cancellationToken) is { } other
                ? new LaunchResult(other, null, [])
                : LaunchResult.Refused(ErrorCodes.ParameterInvalid, [new LaunchProblem(nameof(LaunchRequest.LaunchToken), ErrorCodes.ParameterInvalid)]);
        }

        if (run is null)
        {
            return written;
        }

        try
        {
            await scheduler.StartAsync(run.Id, run.ChunkCount, cancellationToken);
        }
        catch (BackgroundJobClientException error)
        {
            // The run and its items are written; the sweeper schedules chunks nobody has picked up.
            LogNotScheduled(logger, error, run.Id);
        }

        return new LaunchResult(run.Id, null, []);
    }

    /// <summary>Whether the user works in the CRM and has the Automation right on the type (the Support role never launches).</summary>
    internal static async Task<bool> MayAutomateAsync(PortalDbContext db, CrmAccess crmAccess, string userId, CrmEntityType type, CancellationToken cancellationToken)
    {
        if (!(await UserRoles.OfAsync(db, userId, cancellationToken)).CanUse(PortalArea.Crm))
        {
            return false;
        }

        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        return access.Rights.HasAny(type, CrmAction.Automation);
    }

    /// <summary>The run this user's request with this launch token wrote, if any.</summary>
    private static async Task<long?> TokenRunAsync(PortalDbContext db, LaunchRequest request, CancellationToken cancellationToken) =>
        request.LaunchToken is not { } token
            ? null
            : await db.ScenarioRuns.Where(r => r.LaunchToken == token && r.LaunchedById == request.LaunchedById)
                .Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The run and its items, in one transaction (with the result to return); or no run: the one an identical request
    /// wrote just before (found under the lock), or the refusal when the scenario was switched off meanwhile or already
    /// has as many active runs as allowed.
    /// </summary>
    private async Task<(ScenarioRun? Run, LaunchResult Result)> WriteAsync(
        PortalDbContext db,
        LaunchRequest request,
        IReadOnlyDictionary<string, string> values,
        long[] ids,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LaunchLockClass}, {(int)request.ScenarioId})", cancellationToken);

        // Read under a share lock: switching the scenario off waits for this launch, or this launch sees it off.
        var scenario = (await db.Scenarios.FromSql($"""SELECT * FROM "Scenarios" WHERE "Id" = {request.ScenarioId} FOR SHARE""")
            .AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
        if (await TokenRunAsync(db, request, cancellationToken) is { } earlier)
        {
            return (null, new LaunchResult(earlier, null, []));
        }

        if (scenario is not { CanRun: true })
        {
            return (null, LaunchResult.Refused(ErrorCodes.ScenarioNotFoundOrDisabled));
        }

        // Process starts are exempt (see the class's remarks): not refused, and not counted against people's launches.
        var active = request.Process is not null ? 0 : await db.ScenarioRuns.CountAsync(
            r => r.ScenarioId == request.ScenarioId && r.ProcessInstanceId == null && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running),
            cancellationToken);
        if (active >= settings.MaxConcurrentRunsPerScenario)
        {
            return (null, LaunchResult.Refused(ErrorCodes.LaunchTooManyRuns));
        }

        var now = clock.GetUtcNow();
        var run = ScenarioRun.Launch(
            scenario, values, ids.Length, settings.ChunkSize, request.LaunchedById, request.RunAs, request.Source, now,
            CultureInfo.CurrentCulture.Name is { Length: > 0 } culture ? culture : "en", request.RerunOfId, request.Process, request.LaunchToken);
        db.ScenarioRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "RunItems" ("RunId", "EntityId", "Chunk", "Status", "NextStep", "UpdatedAt")
            SELECT {run.Id}, e.id, ((e.n - 1) / {run.ChunkSize})::int, {(short)ItemStatus.Queued}, 0, {now}
            FROM unnest({ids}) WITH ORDINALITY AS e(id, n)
            """,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (run, new LaunchResult(run.Id, null, []));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} is written but its chunks could not be scheduled now; the sweeper will")]
    private static partial void LogNotScheduled(ILogger logger, Exception exception, long runId);
}
