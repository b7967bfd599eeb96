using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.Launch;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>
/// A launch as a client asks for it: a scenario on records of its type, named by id or by the CRM list's filter
/// (one of the two), with the launch values (by parameter key).
/// </summary>
public sealed record ApiLaunchRequest(
    long ScenarioId, CrmEntityType EntityType, IReadOnlyList<long>? RecordIds, IReadOnlyDictionary<string, string?>? Values, CrmListFilter? Filter = null);

/// <summary>The run a launch wrote (or, for a repeated <c>Idempotency-Key</c>, wrote the first time).</summary>
public sealed record ApiLaunched(long RunId, string Run);

/// <summary>
/// <c>POST /api/v1/launches</c>: the same <see cref="LaunchService"/> as the launch dialog, with its checks and error
/// codes. The body is read by <see cref="ApiBody"/>, up to <see cref="MaxBodyBytes"/>.
/// </summary>
public static class LaunchEndpoints
{
    /// <summary>The largest launch body: 10,000 record ids and a few long values fit well within it.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string IdempotencyHeader = "Idempotency-Key";
    public const int IdempotencyKeyMaxLength = 200;

    public static RouteGroupBuilder MapLaunchEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/launches", LaunchAsync).WithName("Launch").WithTags("Launch")
            .WithSummary("Launches a scenario on records, named by id or by the CRM list's filter; with an Idempotency-Key header a repeated request returns the first run.")
            .Accepts<ApiLaunchRequest>("application/json")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return api;
    }

    private static async Task<Results<Created<ApiLaunched>, ProblemHttpResult>> LaunchAsync(
        HttpContext http, LaunchService launcher, LaunchPreview preview, CrmAccess crmAccess, IStringLocalizer<SharedResource> localizer, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey)
    {
        if (idempotencyKey is { Length: 0 or > IdempotencyKeyMaxLength })
        {
            return ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest, $"{IdempotencyHeader}: 1 to {IdempotencyKeyMaxLength} characters.");
        }

        var (body, problem) = await ApiBody.ReadAsync<ApiLaunchRequest>(http, localizer, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        if ((body!.RecordIds is null) == (body.Filter is null))
        {
            return ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest, "scenarioId, entityType and either recordIds or filter are required.");
        }

        var userId = http.User.UserId()!;
        var ids = body.RecordIds;
        if (body.Filter is { } filter)
        {
            // The list's "all matching": the records it shows this user, one more than a launch takes at most.
            var access = await crmAccess.ForUserAsync(userId, http.RequestAborted);
            (ids, var unfit) = await filter.IdsAsync(http.RequestServices, access, body.EntityType, preview.MaxEntitiesPerLaunch, http.RequestAborted);
            if (unfit is not null)
            {
                return ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest, $"filter.{unfit}: the {body.EntityType} list has no such filter.");
            }
        }

        var result = await launcher.LaunchAsync(new LaunchRequest(
            body.ScenarioId, body.EntityType, ids!, body.Values ?? new Dictionary<string, string?>(), userId, RunSource.Api,
            LaunchToken: TokenOf(userId, idempotencyKey, "launch")), http.RequestAborted);
        return Answer(localizer, result);
    }

    /// <summary>A launch's outcome as the API answers it: the run, or its refusal as a problem (values' problems per key).</summary>
    public static Results<Created<ApiLaunched>, ProblemHttpResult> Answer(IStringLocalizer<SharedResource> localizer, LaunchResult result)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(result);
        if (result.RunId is { } runId)
        {
            return TypedResults.Created($"/api/v1/runs/{runId}", new ApiLaunched(runId, $"/api/v1/runs/{runId}"));
        }

        if (result.Problems.Any(p => p.Key.Length > 0))
        {
            // The launch values' problems, per parameter key, as the dialog shows them on its fields.
            return ApiProblems.Invalid(
                result.ErrorCode!, localizer[$"ErrorCode.{result.ErrorCode}"], result.Problems.Select(p => (p.Key, localizer[$"ErrorCode.{p.Code}"].Value)));
        }

        return ApiProblems.Of(localizer, StatusOf(result.ErrorCode!), result.ErrorCode!);
    }

    /// <summary>
    /// The launch token of a client's <c>Idempotency-Key</c> for one kind of request (<paramref name="scope"/>): the same
    /// for the same user, key and scope, another for anyone else's; none without a key.
    /// </summary>
    public static Guid? TokenOf(string userId, string? key, string scope) =>
        key is null ? null : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{userId}\n{key}")).AsSpan(0, 16));

    private static int StatusOf(string code) => code switch
    {
        ErrorCodes.ScenarioNotFoundOrDisabled => StatusCodes.Status404NotFound,
        ErrorCodes.RightsInsufficient => StatusCodes.Status403Forbidden,
        ErrorCodes.LaunchTooManyRuns => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
