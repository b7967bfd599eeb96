using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Domain.Security;

namespace Portal.Tests.Infrastructure;

/// <summary>The login page, as a person uses it.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Error => page.GetByTestId("login-error");

    public async Task GotoAsync() => await page.GotoAsync("/account/login");

    public async Task SubmitAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>Signs in and waits until the portal's shell is interactive.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await GotoAsync();
        await SubmitAsync(email, password);
        await new Shell(page).WaitUntilInteractiveAsync();
    }
}

/// <summary>The layout around every page: app bar, navigation drawer, language switch.</summary>
public sealed partial class Shell(IPage page)
{
    public ILocator Navigation => page.GetByTestId("nav");

    public ILocator UserName => page.GetByTestId("user-name");

    public ILocator NavItem(PortalArea area) => page.GetByTestId($"nav-{area}");

    /// <summary>Waits for the page and for Blazor's circuit to run it (the layout says so once it renders interactively).</summary>
    public async Task WaitUntilInteractiveAsync()
    {
        await Navigation.WaitForAsync();
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task SwitchLanguageAsync(string languageName)
    {
        await MudPages.ChooseAsync(page, "language-switch", languageName);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}

public static class LocatorExtensions
{
    /// <summary>
    /// Types a value and leaves the field, so a Blazor input bound on "change" has committed it
    /// before the next click is sent over the circuit. It blurs rather than pressing Tab: Tab would
    /// land in the next control (often a field picker), whose own late key handling could pull the
    /// focus back from whatever the test does next.
    /// </summary>
    public static async Task FillAndCommitAsync(this ILocator field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        await field.FillAsync(value);
        await field.BlurAsync();
    }
}
