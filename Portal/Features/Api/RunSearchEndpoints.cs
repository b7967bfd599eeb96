using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Account;
using Portal.Features.RunLog;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>A run item found: which run, which record, what became of it; a record the reader may not read now has no title or error detail.</summary>
public sealed record ApiFoundItem(
    long ItemId,
    long RunId,
    string ScenarioName,
    CrmEntityType EntityType,
    long? RecordId,
    string? RecordTitle,
    bool RecordHidden,
    ItemStatus Status,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A page of found items, newest first; <see cref="Next"/> is the cursor of the next page (none after the last).</summary>
public sealed record ApiFoundItems(IReadOnlyList<ApiFoundItem> Items, string? Next);

/// <summary>
/// <c>GET /api/v1/runs/search</c>: the run log search of support's page (<see cref="RunSearch"/>) with the token user's
/// id, so only runs they may read are searched and records they may not read now are hidden.
/// </summary>
public static class RunSearchEndpoints
{
    public static RouteGroupBuilder MapRunSearchEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/runs/search", SearchAsync).WithName("SearchRunItems").WithTags("Runs")
            .WithSummary("Run items by record, phone number, error code or user, newest first; pass next for the following page.")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<ApiFoundItems>, ProblemHttpResult>> SearchAsync(
        HttpContext http, RunSearch search, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken,
        string? entityType = null, string? recordId = null, string? phone = null, string? errorCode = null, string? userId = null, string? next = null)
    {
        if (ApiQuery.Record(localizer, entityType, recordId, out var type, out var record) is { } malformed)
        {
            return malformed;
        }

        long? before = null;
        if (!string.IsNullOrEmpty(next))
        {
            if (ApiCursor.Decode(next, 1) is not [var last])
            {
                return ApiQuery.BadRequest(localizer, "next: the cursor of a previous page.");
            }

            before = last;
        }

        var found = await search.FindAsync(http.User.UserId()!, new ItemSearchQuery(type, record, phone, errorCode, userId), before, cancellationToken: cancellationToken);
        if (found.Problem is { } code)
        {
            var text = localizer[$"RunSearch.Problem.{code}", RunSearch.PhoneMaxLength].Value;
            return ApiProblems.Invalid(code, text, found.ProblemField is { } field ? [(JsonNamingPolicy.CamelCase.ConvertName(field), text)] : []);
        }

        return TypedResults.Ok(new ApiFoundItems(
            found.Rows.Select(r => new ApiFoundItem(
                r.ItemId, r.RunId, r.ScenarioName, r.EntityType, r.RecordHidden ? null : r.EntityId, r.EntityTitle, r.RecordHidden, r.Status, r.ErrorCode, r.ErrorDetail, r.LaunchedAt, r.FinishedAt)).ToList(),
            found.Before is { } more ? ApiCursor.Encode(more) : null));
    }
}
