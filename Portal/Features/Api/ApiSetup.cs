using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Localization;
using Scalar.AspNetCore;

namespace Portal.Features.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c>: every endpoint is authenticated by a personal access token only
/// (<see cref="AccessTokenAuthenticationHandler"/>), limited per token, and calls the services the pages call with the
/// token user's id. Described at <c>/openapi/v1.json</c>, read at <c>/api/docs</c>.
/// </summary>
public static class ApiSetup
{
    public const string PolicyName = "Api";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api/docs";
    private const string BearerScheme = "Bearer";

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AccessTokens>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(AccessTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, http =>
            {
                var permits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.PermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    AccessTokens.HashOf(http.Request.Headers.Authorization.ToString()),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = (rejected, _) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited));
            };
        });
        services.AddOpenApi("v1", openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Portal API",
                    Version = "v1",
                    Description = "Launch smart scenarios on CRM records and follow their runs, as the user of a personal access token (made in the portal under Your profile).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token: Authorization: Bearer ptl_…",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Problem answers for every API error (<see cref="ApiErrors"/>): after request localisation, which their titles follow.</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.UseMiddleware<ApiErrors>();

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath).AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, reference => reference
                .WithTitle("Portal API")
                .WithOpenApiRoutePattern(DocumentPath)
                .AddPreferredSecuritySchemes(BearerScheme)
                .DisableDefaultFonts()
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp())
            .AllowAnonymous();

        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(PolicyName).RequireRateLimiting(PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/me", Me).WithName("GetMe").WithTags("Account").WithSummary("The user the token acts for, with the areas of the portal they may use.");
        api.MapScenarioEndpoints();
        api.MapLaunchEndpoints();
        api.MapRunEndpoints();
        api.MapProcessEndpoints();
        api.MapRunSearchEndpoints();

        // Any other path under /api is an API path that does not exist, not a page to sign in to.
        endpoints.MapFallback("/api/{**path}", (IStringLocalizer<SharedResource> localizer) => ApiProblems.Of(localizer, StatusCodes.Status404NotFound, ApiProblems.NotFound))
            .RequireAuthorization(PolicyName).ExcludeFromDescription();
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
