using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.RunLog;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>A run as its page heads it: what ran, how far it is, what it came to, its items counted by status.</summary>
public sealed record ApiRun(
    long Id,
    long ScenarioId,
    string ScenarioName,
    CrmEntityType EntityType,
    RunStatus Status,
    RunOutcomeKind Outcome,
    RunSource Source,
    string LaunchedBy,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int ItemCount,
    IReadOnlyDictionary<ItemStatus, int> Counts);

/// <summary>A line of the run log.</summary>
public sealed record ApiRunRow(
    long Id, long ScenarioId, string ScenarioName, CrmEntityType EntityType, RunStatus Status, RunOutcomeKind Outcome, int ItemCount, int Failed,
    string LaunchedBy, DateTimeOffset LaunchedAt, RunSource Source);

/// <summary>A page of anything, newest or first first as its endpoint says; <see cref="Next"/> continues it, null at the end.</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Rows, string? Next);

/// <summary>A page of a run's items, with how many match the filter.</summary>
public sealed record ApiItemPage(IReadOnlyList<ApiRunItem> Rows, long Total, string? Next);

/// <summary>One record of a run. A record the reader may not read now is hidden: no id, title or detail.</summary>
public sealed record ApiRunItem(
    long Id, long? RecordId, string? RecordTitle, bool RecordHidden, ItemStatus Status, string? ErrorCode, string? ErrorDetail,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>A robot step of an item: its resolved values, output or error, and the messages it sent.</summary>
public sealed record ApiRunStep(
    int Step, string Robot, StepStatus Status, IReadOnlyDictionary<string, string?> Inputs, string? Output, string? ErrorCode, string? ErrorDetail,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, IReadOnlyList<ApiStepMessage> Messages);

/// <summary>A WhatsApp message of a step and its delivery.</summary>
public sealed record ApiStepMessage(string To, MessageStatus Status, string? ProviderMessageId, string? ErrorCode, int Attempts);

/// <summary>
/// The runs a token's user may read and control, through the run page's own services (<see cref="RunLogQueries"/>,
/// <see cref="RunQueries"/>, <see cref="RunControl"/>, the CSV of <see cref="RunExportEndpoints"/>).
/// </summary>
public static class RunEndpoints
{
    public const int DefaultLimit = 50;

    public static RouteGroupBuilder MapRunEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapGet("/", ListAsync).WithName("ListRuns").WithSummary("The runs the user may read, newest first, with the run log's filters.");
        runs.MapGet("/{id:long}", GetAsync).WithName("GetRun").WithSummary("A run the user may read: its status, outcome and items counted by status.");
        runs.MapGet("/{id:long}/items", ItemsAsync).WithName("ListRunItems").WithSummary("A run's records in launch order, by status, error code and record (its id, or part of its name).");
        runs.MapGet("/{id:long}/items.csv", RunExportEndpoints.ExportAsync).WithName("ExportRunItems").WithSummary("A run's records as CSV, with the same filters.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        runs.MapPost("/{id:long}/stop", StopAsync).WithName("StopRun").WithSummary("Stops a run the user launched (or may control).");
        runs.MapPost("/{id:long}/rerun", RerunAsync).WithName("RerunFailed")
            .WithSummary("Launches the run's failed records again; with an Idempotency-Key header a repeated request returns the first re-run.");
        api.MapGet("/items/{itemId:long}/steps", StepsAsync).WithTags("Runs").WithName("GetItemSteps")
            .WithSummary("The robot steps a run's record went through, with the values they resolved and the messages they sent.");
        return api;
    }

    private static async Task<Results<Ok<ApiPage<ApiRunRow>>, ProblemHttpResult>> ListAsync(
        HttpContext http, RunLogQueries log, IStringLocalizer<SharedResource> localizer,
        long? scenarioId = null, RunOutcomeKind? outcome = null, string? launchedBy = null, RunSource? source = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = DefaultLimit, string? next = null, CancellationToken cancellationToken = default)
    {
        var after = ApiCursor.Decode(next, 2) is [var ticks, var id] ? new RunCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id) : (RunCursor?)null;
        var page = await log.SearchRunsAsync(http.User.UserId()!, new RunFilter(scenarioId, outcome, launchedBy, source, from, to), after, Math.Clamp(limit, 1, PageRequest.MaxTake), cancellationToken);
        if (page.Error is { } error)
        {
            return ApiProblems.Of(localizer, StatusCodes.Status422UnprocessableEntity, ApiProblems.BadRequest, localizer[error]);
        }

        return TypedResults.Ok(new ApiPage<ApiRunRow>(
            page.Rows.Select(r => new ApiRunRow(r.Id, r.ScenarioId, r.ScenarioName, r.EntityType, r.Status, r.Outcome.Kind, r.ItemCount, r.Failed, r.LaunchedByName, r.LaunchedAt, r.Source)).ToList(),
            page.Next is { } cursor ? ApiCursor.Encode(cursor.LaunchedAt.UtcTicks, cursor.Id) : null));
    }

    private static async Task<Results<Ok<ApiRun>, ProblemHttpResult>> GetAsync(
        HttpContext http, long id, RunQueries runs, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(http.User.UserId()!, id, cancellationToken) is not { } run)
        {
            return NotFound(localizer);
        }

        return TypedResults.Ok(new ApiRun(
            run.Id, run.ScenarioId, run.ScenarioName, run.EntityType, run.Status, run.Outcome.Kind, run.Source, run.LaunchedByName,
            run.LaunchedAt, run.StartedAt, run.FinishedAt, run.ItemCount, run.Counts));
    }

    /// <summary>Pages by keyset: the cursor holds where the page was and its last item, so the next page starts after that item.</summary>
    private static async Task<Results<Ok<ApiItemPage>, ProblemHttpResult>> ItemsAsync(
        HttpContext http, long id, RunQueries runs, IStringLocalizer<SharedResource> localizer,
        ItemStatus? status = null, string? errorCode = null, string? record = null, int limit = DefaultLimit, string? next = null, CancellationToken cancellationToken = default)
    {
        var userId = http.User.UserId()!;
        if (!await runs.IsReadableAsync(userId, id, cancellationToken))
        {
            return NotFound(localizer);
        }

        var take = Math.Clamp(limit, 1, PageRequest.MaxTake);
        var (skip, shown) = ApiCursor.Decode(next, 3) is [var before, var size, var last] && size == take
            ? ((int)before + take, new ShownItems((int)before, take, last, last))
            : (0, null);
        var page = await runs.ItemsAsync(userId, id, status, new PageRequest(skip, take), errorCode, shown, record, cancellationToken);
        var more = skip + page.Rows.Count < page.Total && page.Rows.Count == take;
        return TypedResults.Ok(new ApiItemPage(
            page.Rows.Select(i => new ApiRunItem(
                i.Id, i.RecordHidden ? null : i.EntityId, i.EntityTitle, i.RecordHidden, i.Status, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt)).ToList(),
            page.Total,
            more ? ApiCursor.Encode(skip, take, page.Rows[^1].Id) : null));
    }

    private static async Task<Ok<IReadOnlyList<ApiRunStep>>> StepsAsync(HttpContext http, long itemId, RunQueries runs, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ApiRunStep>>((await runs.StepsAsync(http.User.UserId()!, itemId, cancellationToken))
            .Select(s => new ApiRunStep(
                s.StepIndex + 1, s.RobotKey, s.Status, s.Inputs, s.Output, s.ErrorCode, s.ErrorDetail, s.StartedAt, s.FinishedAt,
                s.Messages.Select(m => new ApiStepMessage(m.To, m.Status, m.ProviderMessageId, m.ErrorCode, m.Attempts.Count)).ToList()))
            .ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> StopAsync(
        HttpContext http, long id, RunControl control, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken) =>
        await control.StopAsync(http.User.UserId()!, id, cancellationToken) switch
        {
            RunCommandStatus.Ok => TypedResults.NoContent(),
            RunCommandStatus.Finished => ApiProblems.Of(localizer, StatusCodes.Status409Conflict, ApiProblems.RunFinished),
            var refused => Refused(localizer, refused),
        };

    private static async Task<Results<Created<ApiLaunched>, ProblemHttpResult>> RerunAsync(
        HttpContext http, long id, RunControl control, IStringLocalizer<SharedResource> localizer,
        [FromHeader(Name = LaunchEndpoints.IdempotencyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var userId = http.User.UserId()!;
        var (status, launch) = await control.RerunFailedAsync(userId, id, LaunchEndpoints.TokenOf(userId, idempotencyKey, $"rerun:{id}"), cancellationToken);
        if (status != RunCommandStatus.Ok)
        {
            return Refused(localizer, status);
        }

        return LaunchEndpoints.Answer(localizer, launch!);
    }

    private static ProblemHttpResult Refused(IStringLocalizer<SharedResource> localizer, RunCommandStatus status) => status == RunCommandStatus.NotFound
        ? NotFound(localizer)
        : ApiProblems.Of(localizer, StatusCodes.Status403Forbidden, ApiProblems.Forbidden);

    private static ProblemHttpResult NotFound(IStringLocalizer<SharedResource> localizer) =>
        ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ApiProblems.NotFound);
}
