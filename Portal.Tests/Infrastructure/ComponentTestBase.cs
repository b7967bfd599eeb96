using System.Globalization;
using System.Security.Claims;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Features.Account;
using Portal.Hosting;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The base of component tests (bUnit, as MudBlazor's own suite does it): every test gets a fresh
/// <see cref="BunitContext"/> with what every portal component needs, registered here once for all test classes:
/// MudBlazor's services (with the portal's snackbar settings), the portal's texts
/// (<c>IStringLocalizer&lt;SharedResource&gt;</c>, English and Russian), a fake signed-in state (anonymous until
/// <see cref="SignIn"/>), and JavaScript interop in loose mode (every call answers its default). The context is
/// disposed asynchronously: MudBlazor registers services that are only <see cref="IAsyncDisposable"/>.
/// For components that read or write data, derive from <see cref="DatabaseComponentTestBase"/>.
/// <code>
/// public sealed class SaveButtonTests : ComponentTestBase
/// {
///     [Fact]
///     public void Click_SavesAndSaysSo()
///     {
///         UseCulture("ru");                                          // texts in the user's language
///         var saved = 0;
///         var cut = Render&lt;SaveButton&gt;(p => p.Add(c => c.Saved, () => saved++));
///         cut.Find("[data-testid=save]").Click();                    // Click(), Change("text"), Input("text"), KeyDown(...)
///         cut.WaitForAssertion(() => Assert.Equal(1, saved));        // after async work (a service, the database)
///         Assert.Contains("Сохранено", cut.Markup);
///     }
/// }
/// </code>
/// Test what the component does (clicks, binding, validation, what a role sees), find elements by <c>data-testid</c>,
/// and assert on texts and state rather than on markup. Register a fake of your own on <see cref="Services"/> before
/// the first render or service lookup (the provider is built then). A JavaScript call whose answer matters is set up
/// with <c>JSInterop.Setup&lt;T&gt;("name", args).SetResult(value)</c>. MudBlazor dialogs, snackbars and popovers
/// render into their providers: render the provider first (<c>var provider = Render&lt;MudDialogProvider&gt;();</c>),
/// then open the dialog and look in <c>provider</c>; <see cref="Portal.Tests.Components.MudBlazorHarnessTests"/> shows each.
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    static ComponentTestBase()
    {
        // WaitFor… polls until its condition holds; the default second is short for a database call on a busy 2-core machine.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
    }

    protected ComponentTestBase()
    {
        Context = new BunitContext();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        AddPortalUiServices(Context.Services);
        Authorization = Context.AddAuthorization();
    }

    protected BunitContext Context { get; }

    /// <summary>The test's services: add fakes before the first render, resolve anything after.</summary>
    protected BunitServiceProvider Services => Context.Services;

    protected BunitJSInterop JSInterop => Context.JSInterop;

    /// <summary>The fake signed-in state the components see (anonymous until <see cref="SignIn"/>).</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>What every portal component needs from the container, as the app registers it.</summary>
    public static void AddPortalUiServices(IServiceCollection services)
    {
        services.AddLogging();
        services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        PortalHost.AddPortalMud(services);
        services.AddAccount();
    }

    protected IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        // As in the app's circuit: interactive server rendering (the layout reads it). The renderer exists only once the
        // services are built, so this is set at the first render, after the test has registered its fakes.
        Context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Context.Render(parameters);
    }

    /// <summary>
    /// A display-only component's text in a language, with parameters by name: for components that only show
    /// something (a badge, a counter), where the text is what there is to check. Character references are decoded.
    /// </summary>
    protected string RenderText<TComponent>(IReadOnlyDictionary<string, object?> parameters, string culture = "en")
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        UseCulture(culture);
        var cut = Context.Render((Microsoft.AspNetCore.Components.RenderFragment)(builder =>
        {
            builder.OpenComponent<TComponent>(0);
            foreach (var (name, value) in parameters)
            {
                builder.AddComponentParameter(1, name, value);
            }

            builder.CloseComponent();
        }));
        return System.Net.WebUtility.HtmlDecode(cut.Markup);
    }

    /// <summary>Renders in this language (and its formats): "en" or "ru". Culture flows into the renderer with the test.</summary>
    protected static void UseCulture(string culture)
    {
        var info = new CultureInfo(culture);
        CultureInfo.CurrentCulture = info;
        CultureInfo.CurrentUICulture = info;
    }

    /// <summary>Signs a user in for the components: their id (the NameIdentifier claim the portal reads), name and portal roles.</summary>
    protected void SignIn(string userId, string name, params string[] roles)
    {
        // Roles before claims: bUnit 2.15 rebuilds the principal on SetRoles from the name and roles alone, dropping claims set before.
        Authorization.SetAuthorized(name);
        Authorization.SetRoles(roles);
        Authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await Context.DisposeAsync();
}
