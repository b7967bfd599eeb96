using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>The deals list, as a manager uses it.</summary>
public sealed class DealsPage(IPage page)
{
    public ILocator SelectedCount => page.GetByTestId("deals-selected-count");

    public ILocator Grid => page.GetByTestId("deals-grid");

    public ILocator Rows => Grid.Locator("tbody tr:has([data-testid=deal-link])");

    public async Task OpenAsync()
    {
        await page.GotoAsync("/crm/deals");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Grid.WaitForAsync();
    }

    public async Task SearchAsync(string text)
    {
        await page.GetByTestId("deals-search").FillAndCommitAsync(text);
        await page.GetByTestId("deals-apply").ClickAsync();
    }

    public async Task TickRowAsync(int index) =>
        await Rows.Nth(index).Locator("[data-testid^=deals-select-] .rz-chkbox-box").ClickAsync();

    public async Task GoToPageAsync(int number) =>
        await Grid.Locator(".rz-pager-page").GetByText(number.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).ClickAsync();
}
