using Bunit;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Preferences;
using Portal.Tests.Infrastructure;
using DealsPage = Portal.Features.Crm.Deals.DealsPage;

namespace Portal.Tests.Components.Crm;

/// <summary>
/// The deals list on a real database, as a manager uses it: ticks kept across pages, the selection bar's counts,
/// "all matching", filters that start a new selection, sorting and keyset pages on the server, and the columns kept hidden.
/// Each test works on deals of its own manager (a "own records" role sees only those).
/// </summary>
public sealed class DealsListTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task TickingRows_CountsThemInTheSelectionBar_AndClearEmptiesIt()
    {
        var deals = await ManagerWithDealsAsync("Ticking", 3);
        var cut = RenderList();

        Tick(cut, deals[0]);
        Tick(cut, deals[2]);

        ShowsSelected(cut, "Selected: 2");
        cut.Find("[data-testid=deals-clear-selection]").Click();
        ShowsSelected(cut, "Selected: 0");
        Assert.False(IsTicked(cut, deals[0]));
        Assert.Empty(cut.FindAll("[data-testid=deals-clear-selection]"));
    }

    [Fact]
    public async Task TicksOnTwoPages_AreKept_WhenGoingBackAndForth()
    {
        var deals = await ManagerWithDealsAsync("Paging", 25);
        var cut = RenderList();

        var firstPage = ShownIds(cut);
        Assert.Equal(20, firstPage.Count);
        Tick(cut, firstPage[0]);
        Tick(cut, firstPage[1]);
        GoTo(cut, "Next page");
        cut.WaitForAssertion(() => Assert.Equal(5, ShownIds(cut).Count));
        var secondPage = ShownIds(cut);
        Assert.Empty(secondPage.Intersect(firstPage));
        Tick(cut, secondPage[0]);
        ShowsSelected(cut, "Selected: 3");

        GoTo(cut, "Previous page");
        cut.WaitForAssertion(() => Assert.Equal(firstPage, ShownIds(cut)));
        Assert.True(IsTicked(cut, firstPage[0]));
        Assert.True(IsTicked(cut, firstPage[1]));
        Assert.False(IsTicked(cut, firstPage[2]));
        ShowsSelected(cut, "Selected: 3");
        Assert.Equal(25, deals.Count);
    }

    [Fact]
    public async Task AllMatching_CountsEveryDealOfTheFilter_AndAnUntickedRowIsLeftOut()
    {
        await ManagerWithDealsAsync("Matching", 23);
        var cut = RenderList();

        var selectAll = cut.Find("[data-testid=deals-select-all]");
        Assert.Equal("Select all 23 records matching the filter", selectAll.TextContent.Trim());
        selectAll.Click();

        ShowsSelected(cut, "Selected: 23");
        Assert.All(ShownIds(cut), id => Assert.True(IsTicked(cut, id)));
        Tick(cut, ShownIds(cut)[0], false);
        ShowsSelected(cut, "Selected: 22");
        Assert.Empty(cut.FindAll("[data-testid=deals-select-all]"));
    }

    [Fact]
    public async Task TheHeaderTick_TicksTheShownPageOnly()
    {
        await ManagerWithDealsAsync("Header", 22);
        var cut = RenderList();

        cut.Find("[data-testid=deals-select-page]").Change(true);

        ShowsSelected(cut, "Selected: 20");
        GoTo(cut, "Next page");
        cut.WaitForAssertion(() => Assert.Equal(2, ShownIds(cut).Count));
        Assert.All(ShownIds(cut), id => Assert.False(IsTicked(cut, id)));
        Assert.False(cut.Find("[data-testid=deals-select-page]").HasAttribute("checked"));
    }

    [Fact]
    public async Task Searching_ShowsTheMatchingDeals_WithTheirCount_AndStartsANewSelection()
    {
        var deals = await ManagerWithDealsAsync("Searching", 4);
        var cut = RenderList();
        Tick(cut, deals[0]);

        cut.Find("[data-testid=deals-search]").Input("Searching deal 03");
        cut.Find("[data-testid=deals-apply]").Click();

        cut.WaitForAssertion(() => Assert.Equal([deals[2]], ShownIds(cut)));
        Assert.Contains("1–1 of 1 deal", cut.Find("[data-testid=deals-grid]").TextContent, StringComparison.Ordinal);
        ShowsSelected(cut, "Selected: 0");
    }

    [Fact]
    public async Task EnterInTheSearchBox_AppliesTheFilter()
    {
        var deals = await ManagerWithDealsAsync("Entering", 3);
        var cut = RenderList();

        var box = cut.Find("[data-testid=deals-search]");
        box.Input("Entering deal 02");
        box.KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Equal([deals[1]], ShownIds(cut)));
    }

    [Fact]
    public async Task ABackwardAmountRange_IsRefusedUnderTheFilter_AndTheListStays()
    {
        var deals = await ManagerWithDealsAsync("Range", 3);
        var cut = RenderList();

        cut.Find("[data-testid=deals-amount-from]").Change("500");
        cut.Find("[data-testid=deals-amount-to]").Change("100");
        cut.Find("[data-testid=deals-apply]").Click();

        cut.WaitForAssertion(() =>
            Assert.Equal("The minimum amount is greater than the maximum.", cut.Find("[data-testid=deals-filter-error]").TextContent.Trim()));
        Assert.Equal(deals.Order().ToList(), ShownIds(cut).Order().ToList());
    }

    [Fact]
    public async Task SortingByAmount_AndTheNextPage_FollowTheServersOrder()
    {
        var deals = await ManagerWithDealsAsync("Sorting", 23, amount: i => (30 - i) * 10m);
        var cut = RenderList();

        SortBy(cut, "Amount");
        cut.WaitForAssertion(() => Assert.Equal(deals[^1], ShownIds(cut)[0]));
        Assert.Equal(deals.AsEnumerable().Reverse().Take(20), ShownIds(cut));

        GoTo(cut, "Next page");
        cut.WaitForAssertion(() => Assert.Equal(deals.Take(3).Reverse(), ShownIds(cut)));
    }

    [Fact]
    public async Task AHiddenColumn_StaysHidden_WhenTheListIsOpenedAgain()
    {
        var me = await Data.UserAsync("Columns Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        await Data.DealAsync("Columns deal", me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<DealsPage>();
        cut.WaitForElement("[data-testid=deal-link]");
        Assert.Contains("Company", Headers(cut));

        cut.Find("[data-testid=deals-columns] button").Click();
        popovers.WaitForElement("[data-testid=deals-column-CompanyName]").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("Company", Headers(cut)));
        var kept = await Eventually.GetAsync(
            async () => await Service<UserPreferences>().GetAsync<string[]>(me.Id, "grid.deals.hidden-columns") is { Length: > 0 } hidden ? hidden : null,
            what: "the hidden column kept");
        Assert.Equal(["CompanyName"], kept);

        // Opened again: a new page, as after a reload.
        await Context.DisposeComponentsAsync();
        popovers = Render<MudPopoverProvider>();
        var again = Render<DealsPage>();
        again.WaitForElement("[data-testid=deal-link]");
        Assert.DoesNotContain("Company", Headers(again));
        Assert.Contains("Contact", Headers(again));

        again.Find("[data-testid=deals-columns] button").Click();
        popovers.WaitForElement("[data-testid=deals-column-CompanyName]").Click();
        again.WaitForAssertion(() => Assert.Contains("Company", Headers(again)));
    }

    [Fact]
    public async Task AReaderOfDeals_SeesTheList_ButNoNewDealButton()
    {
        var reader = await Data.UserAsync("Reading Manager", null, crmRoles: ReferenceDataSeeder.ReadEverythingRole);
        SignIn(reader.Id, reader.DisplayName, PortalRoles.Manager);

        var cut = Render<DealsPage>();

        cut.WaitForElement("[data-testid=deals-grid]");
        Assert.Empty(cut.FindAll("[data-testid=deals-new]"));
    }

    [Fact]
    public async Task AUserWithoutCrmRights_IsToldSo_InsteadOfAnEmptyList()
    {
        var nobody = await Data.UserAsync("Rightless Manager", null);
        SignIn(nobody.Id, nobody.DisplayName, PortalRoles.Manager);

        var cut = Render<DealsPage>();

        cut.WaitForElement("[data-testid=no-access]");
        Assert.Empty(cut.FindAll("[data-testid=deals-grid]"));
    }

    [Fact]
    public async Task InRussian_ThePagerSpeaksRussianToo()
    {
        await ManagerWithDealsAsync("Russian pager", 2);
        UseCulture("ru");

        var cut = RenderList();

        Assert.Contains("Строк на странице:", cut.Find(".mud-table-pagination").TextContent);
        Assert.NotEmpty(cut.FindAll("button[aria-label='Следующая страница']"));
        Assert.Empty(cut.FindAll("button[aria-label='Next page']"));
    }

    private async Task<List<long>> ManagerWithDealsAsync(string name, int count, Func<int, decimal>? amount = null)
    {
        var me = await Data.UserAsync($"{name} Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var ids = new List<long>();
        for (var i = 1; i <= count; i++)
        {
            ids.Add((await Data.DealAsync($"{name} deal {i:00}", me, amount: amount?.Invoke(i) ?? i * 100m)).Id);
        }

        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        return ids;
    }

    private IRenderedComponent<DealsPage> RenderList()
    {
        Render<MudPopoverProvider>();
        var cut = Render<DealsPage>();
        cut.WaitForElement("[data-testid=deal-link]");
        return cut;
    }

    /// <summary>A tick's change is handled asynchronously by the check box: the bar shows it right after.</summary>
    private static void ShowsSelected(IRenderedComponent<DealsPage> cut, string text) =>
        cut.WaitForAssertion(() => Assert.Equal(text, cut.Find("[data-testid=deals-selected-count]").TextContent.Trim()));

    private static void Tick(IRenderedComponent<DealsPage> cut, long id, bool ticked = true) =>
        cut.Find($"[data-testid=deals-select-{id}]").Change(ticked);

    private static bool IsTicked(IRenderedComponent<DealsPage> cut, long id) => cut.Find($"[data-testid=deals-select-{id}]").HasAttribute("checked");

    /// <summary>The ids of the deals on the shown page, top to bottom.</summary>
    private static List<long> ShownIds(IRenderedComponent<DealsPage> cut) =>
        cut.FindAll("tbody [data-testid^=deals-select-]")
            .Select(box => long.Parse(box.GetAttribute("data-testid")!["deals-select-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private static void GoTo(IRenderedComponent<DealsPage> cut, string button) => cut.Find($"[data-testid=deals-grid] button[aria-label='{button}']").Click();

    private static void SortBy(IRenderedComponent<DealsPage> cut, string header) =>
        cut.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == header).Click();

    private static List<string> Headers(IRenderedComponent<DealsPage> cut) =>
        cut.FindAll("thead th").Select(th => th.TextContent.Trim()).Where(text => text.Length > 0).ToList();
}
