using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class ProcessCardTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private RunTestKit Kit => new(Fixture.App.Services);

    [Fact]
    public Task Admin_BuildsAStageProcess_MovesADeal_AndReadsTheLogTheRunAndTheMessage_ThenTheScenarioIsSwitchedOff() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var admin = await kit.Data.UserAsync("Process Builder", null, PortalRoles.Administrator);
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var contact = await kit.Data.ContactAsync("Stage", "Customer", admin, new PhoneNumber("+49 30 7654321", PhoneType.Mobile));
        var first = await kit.Data.DealAsync("Moved deal", admin, contact: contact);
        var second = await kit.Data.DealAsync("Moved later", admin, contact: contact);
        var name = $"On invoice {Guid.NewGuid():N}"[..22];

        // Settings → Business processes → New: on stage "Invoice sent", start the scenario with a message over the deal's title.
        await new LoginPage(page).SignInAsync(admin.Email!, CrmTestData.Password);
        await page.GotoAsync("/business-processes");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("process-new").ClickAsync();
        await page.GetByTestId("process-name").FillAndCommitAsync(name);
        await page.GetByTestId("process-start-stage").ClickAsync();
        await MudPages.ChooseAsync(page, "process-start-stage-id", "Invoice sent");
        await MudPages.ChooseAsync(page, "process-activity-add", "Start smart scenario");
        await MudPages.ChooseAsync(page, "process-activity-scenario", $"Deals · {scenario.Name}");
        await page.GetByTestId("process-activity-launch-step1-Message").FillAndCommitAsync("Hello {{Deal.Title}}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "process-editor.png"), FullPage = true });
        await page.GetByTestId("process-save").ClickAsync();
        await Expect(page.GetByTestId("process-saved")).ToBeVisibleAsync();
        await page.GotoAsync("/business-processes");
        await Expect(page.GetByTestId("process-link").Filter(new() { HasText = name })).ToBeVisibleAsync();

        // The deal is moved on its card: the process log, the run, the sandbox message.
        await MoveOnTheCardAsync(page, first.Id, "Invoice sent");
        var instance = page.GetByTestId("entity-process").Filter(new() { HasText = name });
        await Expect(instance.GetByTestId("entity-process-status")).ToHaveTextAsync("Completed", BackgroundWork);
        await Expect(instance).ToContainTextAsync($"Start smart scenario: smart scenario “{scenario.Name}” started");
        await PanelScreenshotAsync(page);
        await instance.GetByTestId("entity-process-run").ClickAsync();
        await Expect(page.GetByTestId("run-count-Completed")).ToHaveTextAsync("Completed: 1", BackgroundWork);
        var origin = page.GetByTestId("run-process").Locator("a");
        await Expect(origin).ToHaveTextAsync($"“{name}” on record #{first.Id}");
        await Expect(origin).ToHaveAttributeAsync("href", $"/crm/deals/{first.Id}");
        await page.GotoAsync("/sandbox");
        await Expect(page.GetByTestId("inbox-text").Filter(new() { HasText = "Hello Moved deal" })).ToHaveCountAsync(1);

        // The scenario is switched off; the next deal's process says so in the seed's words.
        await kit.WithDbAsync(db => db.Scenarios.Where(s => s.Id == scenario.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        await MoveOnTheCardAsync(page, second.Id, "Invoice sent");
        var failed = page.GetByTestId("entity-process").Filter(new() { HasText = name });
        await Expect(failed.GetByTestId("entity-process-status")).ToHaveTextAsync("Failed", BackgroundWork);
        await Expect(failed.GetByTestId("entity-process-log-line").Last).ToHaveTextAsync(new Regex("Start smart scenario: Smart scenario not found or disabled$"));
    });

    [Fact]
    public Task Admin_BuildsAConditionOnTheAmount_MovesADeal_AndTheLogSaysWhichBranchRan() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var admin = await kit.Data.UserAsync("Branch Builder", null, PortalRoles.Administrator);
        var deal = await kit.Data.DealAsync("Big branching deal", admin, amount: 250_000m);
        var name = $"Big amount {Guid.NewGuid():N}"[..22];

        // When a deal reaches "Invoice sent": if its amount is over 100,000, comment A, else comment B.
        await new LoginPage(page).SignInAsync(admin.Email!, CrmTestData.Password);
        await page.GotoAsync("/business-processes/new");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("process-name").FillAndCommitAsync(name);
        await page.GetByTestId("process-start-stage").ClickAsync();
        await MudPages.ChooseAsync(page, "process-start-stage-id", "Invoice sent");
        await MudPages.ChooseAsync(page, "process-activity-add", "Condition");
        await page.GetByTestId("process-condition-left").FillAndCommitAsync("{{Deal.Amount}}");
        await MudPages.ChooseAsync(page, "process-condition-operator", "is greater than");
        await page.GetByTestId("process-condition-right").FillAndCommitAsync("100000");
        var branches = page.GetByTestId("process-branch");
        await AddCommentAsync(page, branches.Nth(0), "Comment A");
        await AddCommentAsync(page, branches.Nth(1), "Comment B");
        await page.GetByTestId("process-save").ClickAsync();
        await Expect(page.GetByTestId("process-saved")).ToBeVisibleAsync();

        await MoveOnTheCardAsync(page, deal.Id, "Invoice sent");
        var instance = page.GetByTestId("entity-process").Filter(new() { HasText = name });
        await Expect(instance.GetByTestId("entity-process-status")).ToHaveTextAsync("Completed", BackgroundWork);
        await Expect(instance).ToContainTextAsync("branch “1” taken");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Comment A");
        await Expect(page.GetByTestId("timeline")).Not.ToContainTextAsync("Comment B");
    });

    /// <summary>Adds "Add comment" with <paramref name="text"/> to a condition's branch, through the branch's own menu.</summary>
    private static async Task AddCommentAsync(IPage page, ILocator branch, string text)
    {
        await branch.GetByTestId("process-activity-add").ClickAsync();
        await page.Locator(".mud-popover-open").Locator(".mud-menu-item").Filter(new() { HasTextRegex = new Regex("^\\s*Add comment\\s*$") }).ClickAsync();
        await branch.GetByTestId("process-activity-input-Text").FillAndCommitAsync(text);
    }

    /// <summary>A process and its run go through the background engine: on a loaded machine that takes a while.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions BackgroundWork = new() { Timeout = 60_000 };

    private static async Task MoveOnTheCardAsync(IPage page, long dealId, string stage)
    {
        await page.GotoAsync($"/crm/deals/{dealId}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await MudPages.ChooseAsync(page, "deal-edit-stage", stage);
        await page.GetByTestId("card-save").ClickAsync();
        await Expect(page.GetByTestId("card-saved")).ToBeVisibleAsync();
    }

    private static async Task PanelScreenshotAsync(IPage page) =>
        await page.GetByTestId("entity-processes").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "process-stage.png") });

    [Fact]
    public Task Manager_StartsAProcessFromTheDealCard_WithItsParameter_AndReadsItsLog() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("From the process"));
        var admin = await kit.Data.UserAsync("Process Admin", null, PortalRoles.Administrator);
        var start = ProcessActivities.NewStartScenario(scenario.Id);
        var definition = new ProcessDefinition(
            $"Follow-up {Guid.NewGuid():N}"[..20], null, CrmEntityType.Deal, true, StartsManually: true, false, false, null,
            [new ProcessParameter("Reason", "Reason", Required: true)],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "Follow-up: {{Start.Reason}}" }), start]);
        var saved = await Fixture.App.Services.GetRequiredService<ProcessAdmin>().SaveAsync(admin.Id, null, 0, definition);
        Assert.Equal(CommandStatus.Ok, saved.Status);
        var deal = await kit.Data.DealAsync("Card process", manager);

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync($"/crm/deals/{deal.Id}");
        await new Shell(page).WaitUntilInteractiveAsync();
        var panel = page.GetByTestId("entity-processes");
        await Expect(panel.GetByTestId("entity-processes-empty")).ToBeVisibleAsync();

        // Its start parameter is asked, and required.
        var startable = panel.GetByTestId("entity-process-startable").Filter(new() { HasText = definition.Name });
        await startable.GetByTestId("entity-process-start").ClickAsync();
        await startable.GetByTestId("entity-process-start-confirm").ClickAsync();
        await Expect(startable.GetByTestId("entity-process-parameter-error")).ToHaveTextAsync("A required parameter is missing");
        await startable.GetByTestId("entity-process-parameter-Reason").FillAsync("the customer called");
        await startable.GetByTestId("entity-process-start-confirm").ClickAsync();

        // The log, live: the comment, the scenario's run with a link, completed.
        var instance = panel.GetByTestId("entity-process");
        await Expect(instance.GetByTestId("entity-process-status")).ToHaveTextAsync("Completed");
        await Expect(instance.GetByTestId("entity-process-name")).ToHaveTextAsync(definition.Name);
        var log = instance.GetByTestId("entity-process-log-line");
        await Expect(log).ToHaveCountAsync(4);
        await Expect(log.Nth(1)).ToContainTextAsync("Add comment: done");
        await Expect(log.Nth(2)).ToContainTextAsync($"Start smart scenario: smart scenario “{scenario.Name}” started");
        await Expect(instance.GetByTestId("entity-process-run")).ToHaveAttributeAsync("href", new Regex(@"/runs/\d+$"));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Follow-up: the customer called");
        await panel.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "process-card.png") });

        // Switched off: the scenario is not found, in the seed's words, in the card's log.
        await kit.WithDbAsync(db => db.Scenarios.Where(s => s.Id == scenario.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        await startable.GetByTestId("entity-process-start").ClickAsync();
        await startable.GetByTestId("entity-process-parameter-Reason").FillAsync("again");
        await startable.GetByTestId("entity-process-start-confirm").ClickAsync();
        var failed = panel.GetByTestId("entity-process").First;
        await Expect(failed.GetByTestId("entity-process-status")).ToHaveTextAsync("Failed");
        await Expect(failed.GetByTestId("entity-process-log-line").Last).ToHaveTextAsync(new Regex("Start smart scenario: Smart scenario not found or disabled$"));
    });

    [Fact]
    public Task Admin_StopsAQueuedInstanceFromTheInstancesPage_AndTheCardSaysWhoStoppedIt() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var admin = await kit.Data.UserAsync("Process Stopper", null, PortalRoles.Administrator);
        var deal = await kit.Data.DealAsync("Stopped deal", admin);
        var name = $"Stoppable {Guid.NewGuid():N}"[..20];

        // An inactive process's instance, handed to a worker just now: the dispatcher leaves it queued.
        await kit.WithDbAsync(async db =>
        {
            var definition = new ProcessDefinition(
                name, null, CrmEntityType.Deal, false, StartsManually: true, false, false, null, [],
                [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "never" })]);
            var template = ProcessTemplate.Create(definition, Portal.Features.Engine.Robots.RobotsSetup.Catalog, admin.Id, DateTimeOffset.UtcNow);
            db.ProcessTemplates.Add(template);
            await db.SaveChangesAsync();
            var instance = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, admin.Id, new Dictionary<string, string>(), DateTimeOffset.UtcNow);
            instance.Scheduled(DateTimeOffset.UtcNow);
            db.ProcessInstances.Add(instance);
            await db.SaveChangesAsync();
        });

        // Business processes → Instances, narrowed to the process.
        await new LoginPage(page).SignInAsync(admin.Email!, CrmTestData.Password);
        await page.GotoAsync("/business-processes");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("process-instances-link").ClickAsync();
        await Expect(page.GetByTestId("process-instances-page")).ToBeVisibleAsync();
        await MudPages.ChooseAsync(page, "process-instances-template", name);
        await page.GetByTestId("process-instances-apply").ClickAsync();
        var row = page.GetByTestId("process-instances-list").Locator("tbody tr").Filter(new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("process-instance-status")).ToHaveTextAsync("Queued");

        // Stopped, after a confirmation.
        await row.GetByTestId("process-instance-stop").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(row.GetByTestId("process-instance-status")).ToHaveTextAsync("Stopped");
        await Expect(row.GetByTestId("process-instance-stopped-by")).ToContainTextAsync("Process Stopper");
        await Expect(row.GetByTestId("process-instance-stop")).ToHaveCountAsync(0);

        // The record's card: the instance is stopped, its log says by whom.
        await row.GetByTestId("process-instance-record").ClickAsync();
        var instance = page.GetByTestId("entity-process").Filter(new() { HasText = name });
        await Expect(instance.GetByTestId("entity-process-status")).ToHaveTextAsync("Stopped");
        await Expect(instance.GetByTestId("entity-process-log-line").Last).ToContainTextAsync("Stopped by Process Stopper");
    });
}
