using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Layout;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Layout;

/// <summary>The app bar's language menu: choosing the other language reloads the page through the culture endpoint.</summary>
public sealed class LanguageSwitchTests : ComponentTestBase
{
    [Fact]
    public async Task ChoosingRussian_ReloadsThePageInRussian_AndComesBackToIt()
    {
        UseCulture("en");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/crm/deals?page=2");
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<LanguageSwitch>();
        Assert.Contains("English", cut.Find("[data-testid=language-switch]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=language-switch]").Click();
        popovers.WaitForElement("[data-testid=language-option-ru]");
        await popovers.InvokeAsync(() => popovers.Find("[data-testid=language-option-ru]").Click());

        // The menu item's click is handled asynchronously: wait for the visit rather than read the history at once.
        var history = Assert.IsType<BunitNavigationManager>(navigation).History;
        cut.WaitForAssertion(() => Assert.StartsWith("/culture", history.First().Uri, StringComparison.Ordinal));
        var visit = history.First();
        Assert.Equal("/culture?culture=ru&returnUrl=%2Fcrm%2Fdeals%3Fpage%3D2", visit.Uri);
        Assert.True(visit.Options.ForceLoad);
    }

    [Fact]
    public void ChoosingTheCurrentLanguage_GoesNowhere()
    {
        UseCulture("ru");
        var navigation = (BunitNavigationManager)Services.GetRequiredService<NavigationManager>();
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<LanguageSwitch>();
        Assert.Contains("Русский", cut.Find("[data-testid=language-switch]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=language-switch]").Click();
        popovers.WaitForElement("[data-testid=language-option-ru]").Click();

        Assert.Empty(navigation.History);
    }
}
