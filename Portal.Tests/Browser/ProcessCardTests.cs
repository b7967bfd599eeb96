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
}
