using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Features.Account;
using Portal.Features.Launch;
using Portal.Features.Scenarios;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>A scenario: one the token's user may launch or, listing all, one they manage (switched off or not).</summary>
public sealed record ApiScenario(long Id, string Name, string? Description, CrmEntityType EntityType, bool IsActive);

/// <summary>One value the launch asks for: what a client needs to build the form.</summary>
public sealed record ApiLaunchParameter(string Key, string Label, InputType Type, bool Required, string? Default, IReadOnlyList<string> Options, int? MaxLength, int Step);

/// <summary>A scenario with the values its launch asks for.</summary>
public sealed record ApiScenarioDetail(long Id, string Name, string? Description, CrmEntityType EntityType, IReadOnlyList<ApiLaunchParameter> Parameters);

/// <summary>The scenarios a user may launch, as the launch menu lists them (<see cref="LaunchPreview"/>).</summary>
public static class ScenarioEndpoints
{
    public static RouteGroupBuilder MapScenarioEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var scenarios = api.MapGroup("/scenarios").WithTags("Scenarios");
        scenarios.MapGet("/", ListAsync).WithName("ListScenarios")
            .WithSummary("The active scenarios the user may launch, of one entity type or of all, in their list order; with all=true, every scenario, switched off too (for those who manage scenarios).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        scenarios.MapGet("/{id:long}", GetAsync).WithName("GetScenario")
            .WithSummary("A scenario the user may launch, with the values its launch asks for.");
        return api;
    }

    private static async Task<Results<Ok<List<ApiScenario>>, ProblemHttpResult>> ListAsync(
        HttpContext http, LaunchPreview launch, ScenarioAdmin admin, IStringLocalizer<SharedResource> localizer,
        CrmEntityType? entityType = null, bool all = false, CancellationToken cancellationToken = default)
    {
        var userId = http.User.UserId()!;
        if (all)
        {
            // The scenario list's rule: only those who manage scenarios see the ones switched off.
            if (!await admin.MayManageAsync(userId, cancellationToken))
            {
                return ApiProblems.Of(localizer, StatusCodes.Status403Forbidden, ApiProblems.Forbidden);
            }

            return TypedResults.Ok((await admin.ListAsync(cancellationToken: cancellationToken))
                .Where(s => entityType is not { } type || s.EntityType == type)
                .Select(s => new ApiScenario(s.Id, s.Name, s.Description, s.EntityType, s.IsActive)).ToList());
        }

        var list = new List<ApiScenario>();
        foreach (var type in entityType is { } one ? [one] : Enum.GetValues<CrmEntityType>())
        {
            list.AddRange((await launch.ScenariosAsync(userId, type, cancellationToken)).Select(s => new ApiScenario(s.Id, s.Name, s.Description, type, IsActive: true)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ApiScenarioDetail>, ProblemHttpResult>> GetAsync(
        HttpContext http, long id, LaunchPreview launch, IStringLocalizer<SharedResource> localizer, CancellationToken cancellationToken)
    {
        if (await launch.FormAsync(http.User.UserId()!, id, cancellationToken) is not { } form)
        {
            return ApiProblems.Of(localizer, StatusCodes.Status404NotFound, Domain.Common.ErrorCodes.ScenarioNotFoundOrDisabled);
        }

        return TypedResults.Ok(new ApiScenarioDetail(
            form.ScenarioId, form.Name, form.Description, form.EntityType,
            form.Fields.Select(f => new ApiLaunchParameter(
                f.Parameter.Key, f.Label(localizer), f.Parameter.Type, f.Parameter.Required, f.Parameter.Default, f.Parameter.Options, f.Parameter.MaxLength, f.StepNumber)).ToList()));
    }
}
