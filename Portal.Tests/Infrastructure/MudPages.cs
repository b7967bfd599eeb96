using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// MudBlazor renders a menu's or a select's choices in a popover only while it is open: click the control with the test id,
/// then the choice with that exact text in the open popover.
/// </summary>
public static class MudPages
{
    public static async Task ChooseAsync(IPage page, string testId, string itemText)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByTestId(testId).ClickAsync();
        await page.Locator(".mud-popover-open").Locator(".mud-menu-item, .mud-list-item")
            .Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^\\s*{Regex.Escape(itemText)}\\s*$") })
            .ClickAsync();
    }
}
