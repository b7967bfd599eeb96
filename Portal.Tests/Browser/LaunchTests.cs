using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Seeding;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class LaunchTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] SentTo = ["+79995550001", "+79995550002", "+79995550003"];

    private RunTestKit Kit => new(Fixture.App.Services);

    [Fact]
    public Task Manager_TicksThreeDeals_LaunchesTheSeedExample_AndWatchesItComplete() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var prefix = $"Launch {Guid.NewGuid():N}"[..13];
        var deals = new List<Deal>();
        for (var i = 1; i <= 3; i++)
        {
            var contact = await kit.Data.ContactAsync("Client", $"L{i}", manager, new PhoneNumber($"+7 999 555-00-0{i}", PhoneType.Mobile));
            deals.Add(await kit.Data.DealAsync($"{prefix} deal {i}", manager, contact: contact));
        }

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await list.SearchAsync(prefix);
        await Expect(list.Rows).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("deals-scenarios")).ToBeDisabledAsync();
        for (var i = 0; i < 3; i++)
        {
            await list.TickRowAsync(i);
        }

        await Expect(list.SelectedCount).ToHaveTextAsync("Selected: 3");
        await page.GetByTestId("deals-scenarios").ClickAsync();
        await Expect(page.GetByTestId("launch-menu")).ToContainTextAsync("Smart scenarios");
        await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();

        var dialog = page.GetByTestId("launch-dialog");
        await Expect(dialog.GetByTestId("launch-count")).ToContainTextAsync("3 selected records");
        await Expect(dialog.GetByTestId("launch-precheck-summary")).ToContainTextAsync("Ready: 3 of 3.");

        // Launching without the message: refused in the dialog, on the field.
        await dialog.GetByTestId("launch-submit").ClickAsync();
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToHaveTextAsync("A required parameter is missing");
        await Expect(dialog.GetByTestId("launch-error")).ToBeVisibleAsync();

        await dialog.GetByTestId("launch-value-step1.Message").FillAndCommitAsync("Your order is ready!");
        var first = deals.Min(d => d.Id);
        await Expect(dialog.GetByTestId($"launch-preview-{first}-1-Message")).ToContainTextAsync("Your order is ready!");
        await Expect(dialog.GetByTestId($"launch-preview-{first}-1-Phone")).ToContainTextAsync("+7 999 555-00-01");
        await Expect(dialog.GetByTestId($"launch-preview-{first}-1-Line")).ToContainTextAsync("Sandbox");
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToHaveCountAsync(0);

        await dialog.GetByTestId("launch-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
        await Expect(page.GetByTestId("run-scenario")).ToHaveTextAsync(scenario.Name);
        await Expect(page.GetByTestId("run-launched-by")).ToHaveTextAsync("Run Manager");
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("run-count-Completed")).ToHaveTextAsync("Completed: 3");
        await Expect(page.GetByTestId("run-count-Failed")).ToHaveTextAsync("Failed: 0");
        await Expect(page.GetByTestId("run-finished-count")).ToContainTextAsync("3 of 3 done");
        var statuses = page.GetByTestId("run-item-status");
        await Expect(statuses).ToHaveCountAsync(3);
        await Expect(statuses.Nth(0)).ToHaveTextAsync("Completed");
        await Expect(statuses.Nth(2)).ToHaveTextAsync("Completed");
        await Expect(page.GetByTestId("run-stop")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-rerun")).ToHaveCountAsync(0);

        await page.GetByTestId("run-item-toggle").First.ClickAsync();
        var step = page.GetByTestId($"run-steps-{await FirstItemIdAsync(kit, first)}");
        await Expect(step).ToContainTextAsync("[OLChat] Send message");
        await Expect(step).ToContainTextAsync("Your order is ready!");
        await Expect(step.GetByTestId("run-step-output")).ToHaveTextAsync("+79995550001: sent to the sandbox inbox");
        await Expect(step.GetByTestId("run-step-message")).ToContainTextAsync("8 (999) 555-00-01");
        await Expect(step.GetByTestId("run-message-status")).ToHaveTextAsync("Sent");
        var runUrl = page.Url;

        await page.GotoAsync("/runs");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("runs-list")).ToContainTextAsync(scenario.Name);

        // The three messages in the sandbox inbox, newest first, each with its run and deal.
        await page.GetByTestId("runs-sandbox-inbox").ClickAsync();
        var inbox = page.GetByTestId("inbox-messages");
        foreach (var number in SentTo)
        {
            await Expect(inbox).ToContainTextAsync(number);
        }

        var ours = page.GetByTestId("inbox-text").Filter(new() { HasText = "Your order is ready!" });
        await Expect(ours).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("inbox-run").First).ToHaveAttributeAsync("href", new Regex(Regex.Escape(new Uri(runUrl).AbsolutePath) + "$"));
    });

    [Fact]
    public Task TheDemoScenario_WithItsDefaultMessage_GreetsEachCustomerByName() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var example = DemoAutomationSeeder.ExampleScenario(await kit.SandboxLineAsync());
        var scenario = await kit.ScenarioAsync([.. example.Steps]);
        var prefix = $"Greet {Guid.NewGuid():N}"[..12];
        string[] names = ["Oleg", "Anna", "Ivan"];
        var deals = new List<Deal>();
        for (var i = 0; i < names.Length; i++)
        {
            var contact = await kit.Data.ContactAsync(names[i], prefix, manager, new PhoneNumber($"+7 999 777-00-0{i + 1}", PhoneType.Mobile));
            deals.Add(await kit.Data.DealAsync($"{prefix} deal {i + 1}", manager, contact: contact));
        }

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await list.SearchAsync(prefix);
        await Expect(list.Rows).ToHaveCountAsync(3);
        await page.GetByTestId("deals-select-all").ClickAsync();
        await page.GetByTestId("deals-scenarios").ClickAsync();
        await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();

        // The default names each customer in the preview, as it will be sent.
        var dialog = page.GetByTestId("launch-dialog");
        await Expect(dialog.GetByTestId("launch-value-step1.Message")).ToHaveValueAsync("Hello, {{Contact.Name}}!");
        await Expect(dialog.GetByTestId($"launch-preview-{deals[0].Id}-1-Message")).ToContainTextAsync($"Hello, Oleg {prefix}!");
        await Expect(dialog.GetByTestId($"launch-preview-{deals[1].Id}-1-Message")).ToContainTextAsync($"Hello, Anna {prefix}!");

        // An unknown field and a text longer than WhatsApp takes are refused on the field before launch.
        var message = dialog.GetByTestId("launch-value-step1.Message");
        await message.FillAndCommitAsync("Hello, {{Contact.Nmae}}!");
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToHaveTextAsync("Unknown field {{Contact.Nmae}}: choose one from the field list.");
        await message.FillAndCommitAsync(new string('a', 5000));
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToHaveTextAsync("The text is too long: 5,000 characters, at most 4,096.");
        await dialog.GetByTestId("launch-submit").ClickAsync();
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToBeVisibleAsync();
        Assert.Equal(0, await kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));

        // Back to the default, picked from the field list: the placeholder is inserted where the text ends.
        await message.FillAndCommitAsync("Hello,");
        await MudPages.ChooseAsync(page, "launch-value-step1.Message-field", "Contact · Contact name");
        await Expect(message).ToHaveValueAsync("Hello, {{Contact.Name}}");
        await Expect(dialog.GetByTestId("launch-error-step1.Message")).ToHaveCountAsync(0);
        await message.FillAndCommitAsync("Hello, {{Contact.Name}}!");
        await Expect(dialog.GetByTestId($"launch-preview-{deals[0].Id}-1-Message")).ToContainTextAsync($"Hello, Oleg {prefix}!");
        await dialog.GetByTestId("launch-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });

        await page.GotoAsync("/sandbox");
        await new Shell(page).WaitUntilInteractiveAsync();
        foreach (var name in names)
        {
            await Expect(page.GetByTestId("inbox-text").Filter(new() { HasText = $"Hello, {name} {prefix}!" })).ToHaveCountAsync(1);
        }

        await Expect(page.GetByTestId("inbox-text").Filter(new() { HasText = "{{" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ReaderAndSupport_SeeNoLaunchMenu() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var reader = await kit.Data.UserAsync("Reading Manager", null, PortalRoles.Manager, await kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var support = await kit.Data.UserAsync("Support Person", null, PortalRoles.Support, await kit.Data.DealRoleAsync(RightScope.All));
        await kit.Data.DealAsync("Launch menu check", reader);

        await new LoginPage(page).SignInAsync(reader.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await Expect(list.Rows.First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("deals-scenarios")).ToHaveCountAsync(0);
        await page.GotoAsync("/runs/999999999");
        await Expect(page.GetByTestId("run-not-found")).ToBeVisibleAsync();

        await page.Context.ClearCookiesAsync();
        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync("/crm/deals");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("deals-grid")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("deals-scenarios")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ADoubleClickOnLaunch_GivesOneRun() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Once"));
        var prefix = $"Double {Guid.NewGuid():N}"[..13];
        await kit.Data.DealAsync($"{prefix} deal", manager);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await list.SearchAsync(prefix);
        await Expect(list.Rows).ToHaveCountAsync(1);
        await list.TickRowAsync(0);
        await page.GetByTestId("deals-scenarios").ClickAsync();
        await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();
        var dialog = page.GetByTestId("launch-dialog");
        await Expect(dialog.GetByTestId("launch-count")).ToHaveTextAsync("The scenario will run on 1 selected record.");

        await dialog.GetByTestId("launch-submit").DblClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        Assert.Equal(1, await kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    });

    [Fact]
    public Task ARunWhereARecordFailed_EndsCompletedWithFailures_OnTheRunPage_TheRunsListAndTheCard() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var contact = await kit.Data.ContactAsync("Client", "Reached", manager, new PhoneNumber("+7 999 555-00-09", PhoneType.Mobile));
        var reached = await kit.Data.DealAsync("Outcome: a phone", manager, contact: contact);
        var unreachable = await kit.Data.DealAsync("Outcome: no phone", manager);
        var launch = await kit.LaunchAsync(scenario, manager, [reached.Id, unreachable.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hello" });
        Assert.True(launch.Launched, launch.ErrorCode);

        // The run page: while it goes on its status, once over the outcome with the failed count.
        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync($"/runs/{launch.RunId}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed with failures", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("run-status-failed")).ToHaveTextAsync("1 of 2 records failed");
        await Expect(page.GetByTestId("run-count-Failed")).ToHaveTextAsync("Failed: 1");
        await Expect(page.GetByTestId("run-rerun")).ToBeVisibleAsync();

        // The runs list: the run, and the count of its outcome.
        await page.GotoAsync($"/runs?scenario={scenario.Id}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("runlog-run-status")).ToHaveTextAsync("Completed with failures");
        await Expect(page.GetByTestId("runlog-run-status-failed")).ToHaveTextAsync("1 of 2 records failed");
        await Expect(page.GetByTestId("runlog-count-CompletedWithFailures")).ToHaveTextAsync("Completed with failures: 1");
        await Expect(page.GetByTestId("runlog-count-Completed")).ToHaveCountAsync(0);

        // The card of the record that went through: its own status, and the run's.
        await page.GotoAsync($"/crm/deals/{reached.Id}");
        var panel = page.GetByTestId("entity-runs");
        await Expect(panel.GetByTestId("entity-run-status")).ToHaveTextAsync("Completed");
        await Expect(panel.GetByTestId("entity-run-outcome")).ToHaveTextAsync("Completed with failures");
        await Expect(panel.GetByTestId("entity-run-outcome-failed")).ToHaveTextAsync("1 of 2 records failed");
    });

    [Fact]
    public Task FirstMobile_ThePreCheckAndTheRunPage_NameTheNumbersOfARecordWithoutAMobile() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync(), WhichNumbers.FirstMobile));
        var prefix = $"Mobile {Guid.NewGuid():N}"[..13];
        var office = await kit.Data.DealAsync($"{prefix} office", manager, contact: await kit.Data.ContactAsync(
            "Office", "Only", manager, new PhoneNumber("+7 495 123-45-67", PhoneType.Work)));
        var none = await kit.Data.DealAsync($"{prefix} none", manager);
        await kit.Data.DealAsync($"{prefix} mobile", manager, contact: await kit.Data.ContactAsync(
            "Has", "Mobile", manager, new PhoneNumber("+7 495 000-00-00", PhoneType.Work), new PhoneNumber("+7 999 555-00-09", PhoneType.Mobile)));

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await list.SearchAsync(prefix);
        await Expect(list.Rows).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await list.TickRowAsync(i);
        }

        await page.GetByTestId("deals-scenarios").ClickAsync();
        await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();
        var dialog = page.GetByTestId("launch-dialog");
        await Expect(dialog.GetByTestId("launch-precheck-summary")).ToContainTextAsync("Ready: 1 of 3. Will fail: 2 (no mobile number, no phone).");
        await Expect(dialog.GetByTestId($"launch-precheck-{office.Id}")).ToHaveTextAsync($"{prefix} office — The record has no mobile number (1 work number: 8 (495) 123-45-67)");
        await Expect(dialog.GetByTestId($"launch-precheck-{none.Id}")).ToHaveTextAsync($"{prefix} none — The record has no phone number");

        await dialog.GetByTestId("launch-value-step1.Message").FillAndCommitAsync("Hello");
        await dialog.GetByTestId("launch-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed with failures", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("run-count-Failed")).ToHaveTextAsync("Failed: 2");
        var errors = page.GetByTestId("run-item-error");
        await Expect(errors.Filter(new() { HasText = "mobile" })).ToHaveTextAsync("The record has no mobile number (1 work number: 8 (495) 123-45-67)");
        await Expect(errors.Filter(new() { HasText = "phone number" })).ToHaveTextAsync("The record has no phone number");
    });

    private static Task<long> FirstItemIdAsync(RunTestKit kit, long entityId) =>
        kit.WithDbAsync(db => db.RunItems.AsNoTracking().Where(i => i.EntityId == entityId).Select(i => i.Id).SingleAsync());
}
