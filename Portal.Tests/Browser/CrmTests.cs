using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class CrmTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private CrmTestData Data => new(Fixture.App.Services);

    [Fact]
    public Task Manager_FiltersTicksRowsOnTwoPagesAndAllMatching_TheCountIsRight() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Selecting Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await Data.UserAsync("Other Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        for (var i = 1; i <= 30; i++)
        {
            await Data.DealAsync($"Selection deal {i:00}", manager, amount: i * 100);
        }

        await Data.DealAsync("Selection deal of a colleague", colleague);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var deals = new DealsPage(page);
        await deals.OpenAsync();
        await deals.SearchAsync("Selection deal");
        await Expect(deals.Grid).ToContainTextAsync("30 deals");
        await Expect(deals.Grid).Not.ToContainTextAsync("of a colleague");

        await deals.TickRowAsync(0);
        await deals.TickRowAsync(1);
        await Expect(deals.SelectedCount).ToHaveTextAsync("Selected: 2");
        await deals.NextPageAsync();
        await deals.TickRowAsync(0);
        await Expect(deals.SelectedCount).ToHaveTextAsync("Selected: 3");
        await deals.PreviousPageAsync();
        await Expect(deals.RowTick(1)).ToBeCheckedAsync();

        await page.GetByTestId("deals-select-all").ClickAsync();
        await Expect(deals.SelectedCount).ToHaveTextAsync("Selected: 30");
        await deals.TickRowAsync(0);
        await Expect(deals.SelectedCount).ToHaveTextAsync("Selected: 29");

        await page.GetByTestId("deals-clear-selection").ClickAsync();
        await Expect(deals.SelectedCount).ToHaveTextAsync("Selected: 0");
    });

    [Fact]
    public Task Manager_OpensACard_EditsATitle_AndAddsAComment() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Editing Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("Card deal before", manager);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var deals = new DealsPage(page);
        await deals.OpenAsync();
        await deals.SearchAsync("Card deal before");
        await page.GetByTestId("deal-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/crm/deals/{deal.Id}$"));

        await page.GetByTestId("deal-edit-title").FillAndCommitAsync("");
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("error-Title")).ToHaveTextAsync("This field is required.");

        await page.GetByTestId("deal-edit-title").FillAndCommitAsync("Card deal <b>after</b>");
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("card-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Card deal <b>after</b>");

        await page.GetByTestId("timeline-comment").FillAndCommitAsync("Called the client, <script>window.hacked = 1</script> sends papers tomorrow");
        await page.GetByTestId("timeline-add-comment").ClickAsync();
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("<script>window.hacked = 1</script> sends papers tomorrow");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.hacked"));
    });

    [Fact]
    public Task UserWithoutReadOnDeals_GetsNoAccess_ByListAndCardUrl() => WithPageAsync(async page =>
    {
        var owner = await Data.UserAsync("Owner Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("Hidden deal", owner);
        var noRights = await Data.UserAsync("No Rights Manager", null);

        await new LoginPage(page).SignInAsync(noRights.Email!, CrmTestData.Password);
        await page.GotoAsync("/crm/deals");
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await page.GotoAsync($"/crm/deals/{deal.Id}");
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await Expect(page.GetByText("Hidden deal")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Manager_EditsAContactsTypedPhones_ABadNumberIsShownOnItsRow() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Phone Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var contact = await Data.ContactAsync("Ольга", "Смирнова", manager, new PhoneNumber("+7 999 111-22-33", PhoneType.Mobile));

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync("/crm/contacts");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("contacts-search").FillAndCommitAsync("111-22");
        await page.GetByTestId("contacts-apply").ClickAsync();
        await page.GetByTestId("contact-link").GetByText("Ольга Смирнова").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/crm/contacts/{contact.Id}$"));

        await page.GetByTestId("phone-add").ClickAsync();
        await page.GetByTestId("phone-number-1").FillAndCommitAsync("8 (495) 12X-45-67");
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("error-Phones.1")).ToHaveTextAsync("This value is not valid.");

        await page.GetByTestId("phone-number-1").FillAndCommitAsync("8 (495) 123-45-67");
        await MudPages.ChooseAsync(page, "phone-type-1", "Work");
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("card-saved")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByTestId("phone-number-1")).ToHaveValueAsync("8 (495) 123-45-67");
        await Expect(page.GetByTestId("phone-type-1")).ToContainTextAsync("Work");
    });

    [Fact]
    public Task Manager_CreatesADealFromTheList_AndDeletesIt() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Creating Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var deals = new DealsPage(page);
        await deals.OpenAsync();
        await page.GetByTestId("deals-new").ClickAsync();
        await page.GetByTestId("new-deal-create").ClickAsync();
        await Expect(page.GetByTestId("error-Title")).ToHaveTextAsync("This field is required.");
        await page.GetByTestId("new-deal-title").FillAndCommitAsync("Brand new deal");
        await page.GetByTestId("new-deal-create").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/crm/deals/[0-9]+$"));
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Brand new deal");

        await page.GetByTestId("card-delete").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/crm/deals$"));
        await deals.SearchAsync("Brand new deal");
        await Expect(deals.Grid).ToContainTextAsync("No deals match the filter.");
    });

    [Fact]
    public Task Manager_MovesBetweenTheCrmTabs_AndEditsALead() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Lead Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        await Data.CompanyAsync("Tab company", manager);
        var lead = await Data.LeadAsync("Tab lead from the website", manager);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await new DealsPage(page).OpenAsync();
        await page.GetByTestId("crm-tab-Company").ClickAsync();
        await Expect(page.GetByTestId("companies-grid")).ToContainTextAsync("Tab company");
        await page.GetByTestId("crm-tab-Lead").ClickAsync();
        await page.GetByTestId("lead-link").GetByText("Tab lead from the website").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/crm/leads/{lead.Id}$"));

        await page.GetByTestId("lead-edit-title").FillAndCommitAsync("Tab lead, qualified");
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("card-saved")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Tab lead, qualified");
    });

    [Fact]
    public Task HiddenColumn_StaysHidden_OnTheNextVisit() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Columns Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        await Data.DealAsync("Column deal", manager);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var deals = new DealsPage(page);
        await deals.OpenAsync();
        var header = deals.Grid.Locator("thead");
        await Expect(header).ToContainTextAsync("Company");

        await page.GetByTestId("deals-columns").ClickAsync();
        await page.GetByTestId("deals-column-CompanyName").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(header).Not.ToContainTextAsync("Company");

        await page.ReloadAsync();
        await deals.Grid.WaitForAsync();
        await Expect(deals.Rows.First).ToContainTextAsync("Column deal");
        await Expect(header).Not.ToContainTextAsync("Company");
        await Expect(header).ToContainTextAsync("Contact");
    });

    [Fact]
    public Task Manager_CreatesAContact_AndDeletesIt() => WithPageAsync(async page =>
    {
        var manager = await Data.UserAsync("Contact Creating Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync("/crm/contacts");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("new-Contact").ClickAsync();
        await page.GetByTestId("new-record-create").ClickAsync();
        await Expect(page.GetByTestId("error-FirstName")).ToHaveTextAsync("This field is required.");
        await page.GetByTestId("new-record-first").FillAndCommitAsync("Пётр");
        await page.GetByTestId("new-record-second").FillAndCommitAsync("Сидоров");
        await page.GetByTestId("new-record-create").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/crm/contacts/[0-9]+$"));
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Пётр Сидоров");
        await page.GetByTestId("card-delete").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/crm/contacts$"));
    });
}
