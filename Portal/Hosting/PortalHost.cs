using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Data.Seeding;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Api;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.Messaging;
using Portal.Features.Notifications;
using Portal.Features.Preferences;
using Portal.Features.Processes;
using Portal.Features.RunLog;
using Portal.Features.Scenarios;
using Portal.Features.Settings;
using Portal.Jobs;
using Portal.Localization;

namespace Portal.Hosting;

/// <summary>Service registration and the request pipeline, by process role.</summary>
public static class PortalHost
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("ru")];

    public static PortalOptions AddPortal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = builder.Configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        services.AddOptions<PortalOptions>()
            .Bind(builder.Configuration.GetSection(PortalOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connectionString = DatabaseConnection.Resolve(builder.Configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PortalTimeZone(options.TimeZone));
        services.AddDbContextFactory<PortalDbContext>(db => db.UseNpgsql(connectionString));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoOrganisationSeeder>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DemoAutomationSeeder>();

        services.AddPortalDataProtection(builder.Configuration, builder.Environment);

        services.AddIdentity<PortalUser, IdentityRole>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.Password.RequiredLength = 8;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "portal.auth";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        // A changed role, lock-out or password reaches signed-in users within a minute, not at their next sign-in: the
        // cookie is checked this often, and open tabs as often (PortalAuthenticationStateProvider).
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.FromSeconds(options.RevalidationSeconds));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddAreaPolicies();

        services.AddAccount();
        services.AddCrm();
        services.AddSettings();
        services.AddScenarios();
        services.AddWhatsApp(builder.Configuration, options.Role.ExecutesJobs());
        services.AddRuns(builder.Configuration);
        services.AddProcesses(builder.Configuration, options.Role.ExecutesJobs());
        services.AddPreferences();
        services.AddNotifications();
        services.AddRunLog();
        services.AddMessaging();
        services.AddApi(builder.Configuration);

        services.AddPortalJobs(options, connectionString);

        // The job servers (one per queue), the outbox's senders and the process dispatcher stop side by side: one after
        // the other, their graceful waits add up past the host's shutdown timeout.
        services.Configure<HostOptions>(host => host.ServicesStopConcurrently = true);

        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: ["ready"])
            .AddCheck<JobEngineHealthCheck>("jobs", tags: ["ready"]);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.TimestampFormat = "O";
            json.UseUtcTimestamp = true;
        });
        if (options.SeedDemoUsers)
        {
            var activity = new LogActivity(TimeProvider.System);
            builder.Logging.AddProvider(activity);
            services.AddSingleton(activity);
            services.AddHostedService<DemoBanner>();
        }

        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture("en");
            localization.SupportedCultures = SupportedCultures;
            localization.SupportedUICultures = SupportedCultures;
            localization.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        services.AddHttpHardening(builder.Configuration, options);
        services.AddRazorComponents().AddInteractiveServerComponents(circuit => circuit.DetailedErrors = false);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, PortalAuthenticationStateProvider>();
        AddPortalMud(services);
        services.AddHttpContextAccessor();
        return options;
    }

    public static void UsePortal(this WebApplication app, PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

        if (!options.Role.ServesUi())
        {
            return;
        }

        // Never the developer exception page: a stack trace is not for the browser.
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseHttpHardening(options);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseRequestLocalization();
        app.UseApiErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapRunExportEndpoints();
        app.MapCrmExport();
        app.MapApi();
        app.MapWhatsAppWebhook();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>MudBlazor's services as the portal uses them, its texts in the reader's language; the tests' component harness registers the same.</summary>
    public static void AddPortalMud(IServiceCollection services)
    {
        services.AddMudServices(ConfigureMud);
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
    }

    private static void ConfigureMud(MudServicesConfiguration mud)
    {
        ArgumentNullException.ThrowIfNull(mud);
        var snackbar = mud.SnackbarConfiguration;
        snackbar.PositionClass = Defaults.Classes.Position.BottomRight;
        snackbar.PreventDuplicates = true;
        snackbar.NewestOnTop = true;
        snackbar.MaxDisplayedSnackbars = 4;
        snackbar.ShowCloseIcon = true;
        snackbar.VisibleStateDuration = 5000;
        snackbar.ShowTransitionDuration = 200;
        snackbar.HideTransitionDuration = 200;
        snackbar.SnackbarVariant = MudBlazor.Variant.Filled;
    }

    private static AuthorizationBuilder AddAreaPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var area in Enum.GetValues<PortalArea>())
        {
            authorization.AddPolicy(AreaAccess.PolicyName(area), policy => policy.RequireRole(AreaAccess.RolesFor(area)));
        }

        return authorization;
    }
}
