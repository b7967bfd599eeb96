using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Domain.Security;
using Portal.Features.Account;

namespace Portal.Features.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c>: every endpoint is authenticated by a personal access token only
/// (<see cref="AccessTokenAuthenticationHandler"/>) and calls the services the pages call, with the token user's id.
/// </summary>
public static class ApiSetup
{
    public const string PolicyName = "Api";

    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddScoped<AccessTokens>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(PolicyName);
        api.MapGet("/me", Me).WithName("GetMe").WithSummary("The user the token acts for, with the areas of the portal they may use.");
        return endpoints;
    }

    /// <summary>Who the token acts for: a client checks its token with this.</summary>
    public sealed record MeResponse(string Id, string Name, string? Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Areas);

    private static Ok<MeResponse> Me(ClaimsPrincipal user)
    {
        var roles = user.PortalRoles();
        return TypedResults.Ok(new MeResponse(
            user.UserId()!,
            user.DisplayName(),
            user.FindFirstValue(ClaimTypes.Email),
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList(),
            Enum.GetValues<PortalArea>().Where(roles.CanUse).Select(a => a.ToString()).ToList()));
    }
}
