using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Account;
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

/// <summary>The runs a token's user may read, through the run page's own queries (<see cref="RunQueries"/>).</summary>
public static class RunEndpoints
{
    public static RouteGroupBuilder MapRunEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/runs/{id:long}", GetAsync).WithName("GetRun").WithTags("Runs")
            .WithSummary("A run the user may read: its status, outcome and items counted by status.");
        return api;
    }

    private static async Task<Results<Ok<ApiRun>, ProblemHttpResult>> GetAsync(
        HttpContext http, long id, RunQueries runs, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(http.User.UserId()!, id, cancellationToken) is not { } run)
        {
            return ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ApiProblems.NotFound);
        }

        return TypedResults.Ok(new ApiRun(
            run.Id, run.ScenarioId, run.ScenarioName, run.EntityType, run.Status, run.Outcome.Kind, run.Source, run.LaunchedByName,
            run.LaunchedAt, run.StartedAt, run.FinishedAt, run.ItemCount, run.Counts));
    }
}
