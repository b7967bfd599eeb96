using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class RunSearchTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Support_FindsAFailedItemByTheCustomersPhone_AndReadsWhatHappened() => WithPageAsync(async page =>
    {
        await using var fake = await FakeCloudApi.StartAsync();
        fake.SetRecipientFault("79993210002", FakeFault.Undeliverable);
        var kit = new RunTestKit(Fixture.App.Services);
        var manager = await kit.ManagerAsync();
        var support = await kit.Data.UserAsync("Support Reader", null, PortalRoles.Support);
        var line = await FakeLines.AddAsync(Fixture.App.Services, fake);
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(line.Id));
        var deals = new List<Deal>();
        for (var i = 1; i <= 3; i++)
        {
            var contact = await kit.Data.ContactAsync("Customer", $"P{i}", manager, new PhoneNumber($"+7 999 321-00-0{i}", PhoneType.Mobile));
            deals.Add(await kit.Data.DealAsync($"Phone search deal {i}", manager, contact: contact));
        }

        var launch = await kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id), new Dictionary<string, string?> { ["step1.Message"] = "Your parcel is on its way" });
        await kit.FinishedAsync(launch.RunId!.Value);

        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync("/runs");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("runs-search").ClickAsync();
        await Expect(page.GetByTestId("run-search")).ToBeVisibleAsync();
        await new Shell(page).WaitUntilInteractiveAsync();

        // A number as the customer says it on the phone.
        await page.GetByTestId("run-search-phone").FillAndCommitAsync("8 (999) 321-00-02");
        await page.GetByTestId("run-search-find").ClickAsync();
        var row = page.GetByTestId("run-search-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Phone search deal 2");

        // Support cannot open CRM cards: the record is named, not linked to a card that would refuse it.
        await Expect(row.GetByTestId("run-search-record")).ToHaveTextAsync("Phone search deal 2");
        await Expect(row.Locator("a[href*='/crm/']")).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("run-search-error-text")).ToContainTextAsync("WhatsApp refused the message");
        await Expect(row.GetByTestId("run-search-error-text")).ToContainTextAsync("provider.rejected");

        await row.GetByTestId("run-search-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/runs/{launch.RunId}\?error=provider\.rejected$"));
        await Expect(page.GetByTestId("run-item-status")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("run-item-entity")).ToHaveTextAsync("Phone search deal 2");
        await Expect(page.GetByTestId("run-scenario")).ToHaveTextAsync(scenario.Name);
        await Expect(page.GetByTestId("run-page").Locator("a[href*='/crm/'], a[href*='/scenarios/']")).ToHaveCountAsync(0);
        await page.GetByTestId("run-item-toggle").First.ClickAsync();
        var step = page.GetByTestId("run-step-message");
        await Expect(step).ToContainTextAsync("8 (999) 321-00-02");
        await Expect(step).ToContainTextAsync("131026");
        await Expect(page.GetByTestId("run-page")).ToContainTextAsync("Your parcel is on its way");
        await Expect(page.GetByTestId("run-stop")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-rerun")).ToHaveCountAsync(0);

        // Bad input is told where it was typed.
        await page.GotoAsync($"/runs/search?phone={new string('9', 80)}");
        await Expect(page.GetByTestId("run-search-problem")).ToContainTextAsync("too long");
        await page.GotoAsync("/runs/search?phone=hello");
        await Expect(page.GetByTestId("run-search-problem")).ToContainTextAsync("That is not a phone number.");
    });

    [Fact]
    public Task Manager_FindsARecordsRuns_AndOpensItsCardFromTheResultAndTheRun() => WithPageAsync(async page =>
    {
        var kit = new RunTestKit(Fixture.App.Services);
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("linked"));
        var deal = await kit.Data.DealAsync("Deal the manager opens", manager);
        var launch = await kit.LaunchAsync(scenario, manager, [deal.Id]);
        await kit.FinishedAsync(launch.RunId!.Value);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync($"/runs/search?type=Deal&id={deal.Id}");
        var record = page.GetByTestId("run-search-row").GetByTestId("run-search-record");
        await Expect(record).ToHaveTextAsync("Deal the manager opens");
        await Expect(record).ToHaveAttributeAsync("href", new Regex($"/crm/deals/{deal.Id}$"));

        await page.GotoAsync($"/runs/{launch.RunId}");
        await Expect(page.GetByTestId("run-scenario")).ToHaveAttributeAsync("href", new Regex($"/scenarios/{scenario.Id}$"));
        await Expect(page.GetByTestId("run-item-entity")).ToHaveAttributeAsync("href", new Regex($"/crm/deals/{deal.Id}$"));
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("run-item-entity").ClickAsync();
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Deal the manager opens");
    });

    [Fact]
    public Task SearchResults_AreLive_WhileAnItemFoundIsStillGoing() => WithPageAsync(async page =>
    {
        var kit = new RunTestKit(Fixture.App.Services);
        var manager = await kit.ManagerAsync();
        var support = await kit.Data.UserAsync("Support Reader", null, PortalRoles.Support);
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("live search"));
        var runId = await Integration.RunLog.RunLogQueriesTests.InsertRunAsync(kit, scenario, manager, DateTimeOffset.UtcNow, RunStatus.Running);
        await kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == runId)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ItemStatus.Running)));

        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync($"/runs/search?user={Uri.EscapeDataString(manager.Id)}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("run-search-status")).ToHaveTextAsync("Running");

        await kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == runId)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ItemStatus.Completed)));
        await Expect(page.GetByTestId("run-search-status")).ToHaveTextAsync("Completed");
    });
}
