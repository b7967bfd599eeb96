using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Portal.Features.Account;

namespace Portal.Hosting;

/// <summary>
/// What the portal does to stay safe on the open web: forwarded headers from trusted proxies only, HSTS, cookies that
/// are <c>Secure</c> whenever the request came over https, the security headers on every answer and the sign-in limits.
/// </summary>
public static class HttpHardening
{
    public static IServiceCollection AddHttpHardening(this IServiceCollection services, IConfiguration configuration, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var proxies = options.ForwardedHeaders;
        if (proxies.Trusts)
        {
            // Read now, so a mistyped address stops the start-up naming the setting.
            var addresses = proxies.KnownProxies.Select(ForwardedHeadersSettings.ParseProxy).ToList();
            var networks = proxies.KnownNetworks.Select(ForwardedHeadersSettings.ParseNetwork).ToList();
            services.Configure<ForwardedHeadersOptions>(forwarded => Trust(forwarded, addresses, networks));
        }

        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

        // Secure when the request was https (itself or, through a trusted proxy, at the proxy); never read by scripts.
        // The antiforgery cookie keeps its own SameSite=Strict.
        services.ConfigureApplicationCookie(cookie =>
        {
            Harden(cookie.Cookie);
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.Configure<AntiforgeryOptions>(antiforgery => Harden(antiforgery.Cookie));

        services.AddOptions<SignInLimits>().Bind(configuration.GetSection(SignInLimits.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    /// <summary>
    /// After the exception handler (which clears the headers of a failed answer and runs the pipeline again from here),
    /// so even an error page carries the security headers.
    /// </summary>
    public static void UseHttpHardening(this WebApplication app, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ForwardedHeaders.Trusts)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeaders>();
    }

    private static void Harden(CookieBuilder cookie)
    {
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.HttpOnly = true;
    }

    /// <summary>Only the configured proxies, not ASP.NET Core's default of any loopback address.</summary>
    private static void Trust(ForwardedHeadersOptions forwarded, List<IPAddress> proxies, List<System.Net.IPNetwork> networks)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        // A chain of trusted proxies is walked back to the first address that is not one of them.
        forwarded.ForwardLimit = null;
        proxies.ForEach(forwarded.KnownProxies.Add);
        networks.ForEach(forwarded.KnownIPNetworks.Add);
    }
}
