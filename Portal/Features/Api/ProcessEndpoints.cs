using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Account;
using Portal.Features.Processes;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>A start parameter of a process: what the client sends under <see cref="Key"/>, and whether it must.</summary>
public sealed record ApiProcessParameter(string Key, string Label, bool Required);

/// <summary>A process the user may start by hand on the record.</summary>
public sealed record ApiStartableProcess(long Id, string Name, string? Description, IReadOnlyList<ApiProcessParameter> Parameters);

/// <summary>The processes the user may start on a record; none when they may not change it (or not read it).</summary>
public sealed record ApiStartableProcesses(bool MayStart, IReadOnlyList<ApiStartableProcess> Items);

/// <summary>A start as a client asks for it: on which record, with the start parameters by key.</summary>
public sealed record ApiProcessStart(CrmEntityType EntityType, long RecordId, IReadOnlyDictionary<string, string?>? Parameters);

/// <summary>The instance a start wrote.</summary>
public sealed record ApiProcessStarted(long InstanceId, string Instance);

/// <summary>A process instance as the record's card shows it: its status and its log.</summary>
public sealed record ApiProcessInstance(
    long Id,
    string TemplateName,
    ProcessTrigger Trigger,
    ProcessStatus Status,
    string StartedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<ProcessLogLine> Log);

/// <summary>
/// Business processes on a record, through the services of the card's "Business processes" panel
/// (<see cref="ProcessQueries"/>, <see cref="ProcessStarter"/>) with the token user's id, so the same rights decide.
/// </summary>
public static class ProcessEndpoints
{
    /// <summary>The largest start body: a few start parameters.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapProcessEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/processes", ListAsync).WithName("ListStartableProcesses").WithTags("Processes")
            .WithSummary("The business processes the user may start by hand on a record, with their start parameters.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/processes/{templateId:long}/start", StartAsync).WithName("StartProcess").WithTags("Processes")
            .WithSummary("Starts a business process on a record, as the record's card does.")
            .Accepts<ApiProcessStart>("application/json")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/processes/instances/{id:long}", GetInstanceAsync).WithName("GetProcessInstance").WithTags("Processes")
            .WithSummary("A process instance on a record the user may read: its status and log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ApiStartableProcesses>, ProblemHttpResult>> ListAsync(
        HttpContext http, ProcessQueries processes, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken,
        string? entityType = null, string? recordId = null)
    {
        if (ApiQuery.Record(localizer, entityType, recordId, out var type, out var record) is { } malformed)
        {
            return malformed;
        }

        if (type is null || record is null)
        {
            return ApiQuery.BadRequest(localizer, "entityType and recordId are required.");
        }

        var found = await processes.ForEntityAsync(http.User.UserId()!, type.Value, record.Value, cancellationToken);
        return TypedResults.Ok(new ApiStartableProcesses(
            found.MayStart,
            found.Startable.Select(p => new ApiStartableProcess(p.Id, p.Name, p.Description, p.Parameters.Select(q => new ApiProcessParameter(q.Key, q.Name, q.Required)).ToList())).ToList()));
    }

    private static async Task<Results<Created<ApiProcessStarted>, ProblemHttpResult>> StartAsync(
        HttpContext http, long templateId, ProcessStarter starter, IStringLocalizer<SharedResource> localizer)
    {
        var (body, problem) = await ApiBody.ReadAsync<ApiProcessStart>(http, localizer, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var result = await starter.StartAsync(
            http.User.UserId()!, templateId, body!.EntityType, body.RecordId, body.Parameters ?? new Dictionary<string, string?>(), http.RequestAborted);
        if (result.InstanceId is { } id)
        {
            return TypedResults.Created($"/api/v1/processes/instances/{id}", new ApiProcessStarted(id, $"/api/v1/processes/instances/{id}"));
        }

        if (result.Problems.Count > 0)
        {
            return ApiProblems.Invalid(
                result.Error!, localizer[$"ErrorCode.{result.Error}"], result.Problems.Select(p => (p.Field, localizer[$"ErrorCode.{p.Code}"].Value)));
        }

        return result.Error switch
        {
            ProcessStarter.NotAvailable => ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ApiProblems.NotFound),
            ErrorCodes.EntityNotFound => ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ErrorCodes.EntityNotFound),
            ErrorCodes.RightsInsufficient => ApiProblems.Of(localizer, StatusCodes.Status403Forbidden, ErrorCodes.RightsInsufficient),
            _ => ApiProblems.Of(localizer, StatusCodes.Status422UnprocessableEntity, result.Error!),
        };
    }

    private static async Task<Results<Ok<ApiProcessInstance>, ProblemHttpResult>> GetInstanceAsync(
        HttpContext http, long id, ProcessQueries processes, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (await processes.InstanceAsync(http.User.UserId()!, id, cancellationToken) is not { } instance)
        {
            return ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ApiProblems.NotFound);
        }

        return TypedResults.Ok(new ApiProcessInstance(
            instance.Id, instance.TemplateName, instance.Trigger, instance.Status, instance.StartedByName, instance.StartedAt, instance.FinishedAt, instance.Log));
    }
}
