using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Components.Layout;
using Portal.Features.Preferences;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Layout;

/// <summary>
/// The theme menu in the layout, on a real database: the choice turns the theme dark or light at once and is kept for
/// the user, so their next visit opens in it; another user keeps their own.
/// </summary>
public sealed class ThemeSwitchTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task ChoosingDark_DarkensThePortal_AndTheNextVisitOpensDark()
    {
        var me = await Data.UserAsync("Dark theme user", null);
        var other = await Data.UserAsync("Light theme user", null);
        SignIn(me.Id, me.DisplayName, Portal.Domain.Security.PortalRoles.Manager);
        var cut = RenderLayout();
        Assert.False(IsDark(cut));

        Choose(cut, ThemeMode.Dark);

        cut.WaitForAssertion(() => Assert.True(IsDark(cut)));
        await KeptAsync(me.Id, ThemeMode.Dark);
        Assert.Equal(ThemeMode.System, await Service<ThemePreference>().GetAsync(other.Id));
        await Context.DisposeComponentsAsync(); // the page is closed; the next visit renders the layout anew
        var nextVisit = RenderLayout();
        nextVisit.WaitForAssertion(() => Assert.True(IsDark(nextVisit)));
        Assert.Equal(nameof(ThemeMode.Dark), nextVisit.Find("[data-testid=theme-switch]").GetAttribute("data-mode"));
    }

    [Fact]
    public async Task ChoosingAsTheSystem_FollowsTheBrowser()
    {
        var me = await Data.UserAsync("System theme user", null);
        await Service<ThemePreference>().SetAsync(me.Id, ThemeMode.Light);
        SignIn(me.Id, me.DisplayName, Portal.Domain.Security.PortalRoles.Manager);
        JSInterop.Setup<bool>("mudThemeProvider.isDarkMode").SetResult(true);
        var cut = RenderLayout();
        Assert.False(IsDark(cut));

        Choose(cut, ThemeMode.System);

        cut.WaitForAssertion(() => Assert.True(IsDark(cut)));
        await KeptAsync(me.Id, ThemeMode.System);
    }

    /// <summary>The theme turns at once; the choice is written right after.</summary>
    private Task<string> KeptAsync(string userId, ThemeMode mode) =>
        Eventually.GetAsync(async () => await Service<ThemePreference>().GetAsync(userId) == mode ? "kept" : null, what: $"{mode} kept for the user");

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddContent(0, "page")));

    private static bool IsDark(IRenderedComponent<MainLayout> layout) =>
        layout.FindComponent<MudThemeProvider>().Instance.GetState(p => p.IsDarkMode);

    /// <summary>Opens the theme menu and picks a mode; each find and click happen together on the renderer (the layout re-renders meanwhile).</summary>
    private static void Choose(IRenderedComponent<MainLayout> layout, ThemeMode mode)
    {
        layout.InvokeAsync(() => layout.Find("[data-testid=theme-switch]").Click()).GetAwaiter().GetResult();
        layout.WaitForElement($"[data-testid=theme-{mode}]");
        layout.InvokeAsync(() => layout.Find($"[data-testid=theme-{mode}]").Click()).GetAwaiter().GetResult();
    }
}
