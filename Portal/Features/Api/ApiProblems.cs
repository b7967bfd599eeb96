using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>
/// The API's errors: RFC 7807 problem details whose <c>code</c> is the portal's error code (the run log's codes, and
/// a few of the API's own), with a title in the language of <c>Accept-Language</c> (English or Russian).
/// </summary>
public static class ApiProblems
{
    public const string TokenMissing = "auth.token_missing";
    public const string TokenRefused = "auth.token_refused";
    public const string Forbidden = Domain.Common.ErrorCodes.RightsInsufficient;
    public const string RateLimited = "api.rate_limited";
    public const string NotFound = "api.not_found";
    public const string BadRequest = "api.bad_request";
    public const string TooLarge = "api.too_large";
    public const string RunFinished = "run.finished";

    public static ProblemHttpResult Of(IStringLocalizer<SharedResource> localizer, int status, string code, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = Title(localizer, code),
            Detail = detail,
            Extensions = { ["code"] = code },
        });
    }

    /// <summary>A 422 whose <c>errors</c> name, per field of the request, what is wrong with it.</summary>
    public static ProblemHttpResult Invalid(string code, string title, IEnumerable<(string Field, string Error)> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray()))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Extensions = { ["code"] = code },
        });

    /// <summary>Writes the problem as the answer (where no endpoint runs: authentication, the rate limiter).</summary>
    public static Task WriteAsync(HttpContext http, int status, string code)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Of(http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>(), status, code).ExecuteAsync(http);
    }

    /// <summary>The localised text of an error code: the API's own, else the run log's.</summary>
    private static string Title(IStringLocalizer<SharedResource> localizer, string code)
    {
        var own = localizer[$"Api.Problem.{code}"];
        return own.ResourceNotFound ? localizer[$"ErrorCode.{code}"] : own;
    }
}
