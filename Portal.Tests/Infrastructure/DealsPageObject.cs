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
        await Rows.Nth(index).Locator("[data-testid^=deals-select-]").ClickAsync();

    public ILocator RowTick(int index) => Rows.Nth(index).Locator("[data-testid^=deals-select-]");

    /// <summary>
    /// The next or previous page, waiting until its rows are shown: the pager's caption changes at once, the rows when the
    /// server has answered, so the wait is on the first row being another deal.
    /// </summary>
    public async Task NextPageAsync() => await TurnPageAsync("Next page");

    public async Task PreviousPageAsync() => await TurnPageAsync("Previous page");

    private async Task TurnPageAsync(string button)
    {
        var firstBefore = await RowTick(0).GetAttributeAsync("data-testid");
        await Grid.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Assertions.Expect(RowTick(0)).Not.ToHaveAttributeAsync("data-testid", firstBefore ?? "");
    }
}
