using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<PortalUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });

        // The language switch: remembers the choice in the culture cookie, then goes back.
        endpoints.MapGet("/culture", (HttpContext http, [FromQuery] string culture, [FromQuery] string? returnUrl) =>
        {
            var supported = PortalHost.SupportedCultures.FirstOrDefault(c => c.Name == culture);
            if (supported is not null)
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(supported)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1),
                        IsEssential = true,
                        HttpOnly = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = http.Request.IsHttps,
                    });
            }

            return TypedResults.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();

        return endpoints;
    }

    /// <summary>
    /// Only local paths: a return URL never sends the user to another site. Browsers drop tabs and line breaks from a
    /// URL, so <c>/&#9;/evil</c> would be <c>//evil</c>, another host: control characters are refused with the rest.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
