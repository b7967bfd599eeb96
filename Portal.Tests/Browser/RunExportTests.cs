using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class RunExportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private RunTestKit Kit => new(Fixture.App.Services);

    [Fact]
    public Task Support_FiltersARunByErrorCode_ExportsThatCsv_AndCannotStopOrRerun() => WithPageAsync(async page =>
    {
        var (runId, _, dealIds) = await RunWithFailuresAsync();
        var scenarioId = await Kit.WithDbAsync(db => db.ScenarioRuns.Where(r => r.Id == runId).Select(r => r.ScenarioId).SingleAsync());
        var support = await Kit.Data.UserAsync("Support Reader", null, PortalRoles.Support);

        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync($"/runs/{runId}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed with failures");
        await Expect(page.GetByTestId("run-status-failed")).ToHaveTextAsync("2 of 3 records failed");
        await Expect(page.GetByTestId("run-count-Failed")).ToHaveTextAsync("Failed: 2");
        await Expect(page.GetByTestId("run-item-status")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("run-stop")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("run-rerun")).ToHaveCountAsync(0);

        await MudPages.ChooseAsync(page, "run-error-filter", "The phone number is invalid (2)");
        await Expect(page).ToHaveURLAsync(new Regex($@"/runs/{runId}\?error=phone\.invalid$"));
        await Expect(page.GetByTestId("run-item-status")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("run-item-error").First).ToContainTextAsync("The phone number is invalid");
        await Expect(page.GetByTestId("run-export")).ToHaveAttributeAsync("href", $"/runs/{runId}/items.csv?error=phone.invalid");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("run-export").ClickAsync());
        Assert.Equal($"run-{runId}-items.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",phone.invalid,The phone number is invalid,", l, StringComparison.Ordinal));

        // A link opens the filtered view as it is.
        await page.GotoAsync($"/runs/{runId}?status=Completed");
        await Expect(page.GetByTestId("run-item-status")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("run-item-status")).ToHaveTextAsync("Completed");
        await Expect(page.GetByTestId("run-status-filter")).ToHaveValueAsync("Completed");

        // Support staff read the log and change nothing: the shell offers the run log only, and typed addresses of
        // the CRM lists (where scenarios are launched), a deal card and the scenario editor are refused.
        var shell = new Shell(page);
        await Expect(shell.NavItem(PortalArea.Runs)).ToBeVisibleAsync();
        foreach (var area in new[] { PortalArea.Crm, PortalArea.Scenarios, PortalArea.BusinessProcesses, PortalArea.Settings })
        {
            await Expect(shell.NavItem(area)).ToHaveCountAsync(0);
        }

        foreach (var address in new[] { "/crm/deals", $"/crm/deals/{dealIds[0]}", "/scenarios", $"/scenarios/{scenarioId}", "/scenarios/new", "/settings/whatsapp-lines" })
        {
            await page.GotoAsync(address);
            await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        }
    });

    [Fact]
    public Task DealCard_ShowsTheScenarioRunsPanel_WithALinkToTheRun() => WithPageAsync(async page =>
    {
        var (runId, manager, dealIds) = await RunWithFailuresAsync();

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync($"/crm/deals/{dealIds[0]}");
        await new Shell(page).WaitUntilInteractiveAsync();
        var panel = page.GetByTestId("entity-runs");
        await Expect(panel).ToContainTextAsync("Scenario runs");
        await Expect(panel.GetByTestId("entity-run")).ToHaveCountAsync(1);
        await Expect(panel.GetByTestId("entity-run-status")).ToHaveTextAsync("Failed");
        await Expect(panel.GetByTestId("entity-run-outcome")).ToHaveTextAsync("Completed with failures");
        await Expect(panel.GetByTestId("entity-run-outcome-failed")).ToHaveTextAsync("2 of 3 records failed");
        await Expect(panel.GetByTestId("entity-run-error")).ToContainTextAsync("The phone number is invalid: 8-800");
        await panel.GetByTestId("entity-run-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/runs/{runId}\?status=Failed&error=phone\.invalid$"));
        await Expect(page.GetByTestId("run-item-status")).ToHaveCountAsync(2);

        await page.GotoAsync($"/crm/deals/{dealIds[2]}");
        await Expect(page.GetByTestId("entity-run-status")).ToHaveTextAsync("Completed");
        await Expect(page.GetByTestId("entity-run-outcome")).ToHaveTextAsync("Completed with failures");

        // Live: a run launched on the record while its card is open appears without reloading.
        var kit = Kit;
        var again = await kit.LaunchAsync(await kit.ScenarioAsync(RunTestKit.Comment("Again")), manager, [dealIds[2]]);
        await Expect(page.GetByTestId("entity-run")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("entity-run-link").First).ToHaveAttributeAsync("href", new Regex($@"/runs/{again.RunId}\?"));
    });

    /// <summary>A finished run on three deals; the first two are then marked failed with phone.invalid, the third stays completed.</summary>
    internal static async Task<(long RunId, Data.PortalUser Manager, long[] DealIds)> RunWithFailuresAsync(RunTestKit kit)
    {
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Export"));
        var deals = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            deals.Add((await kit.Data.DealAsync($"Экспорт, сделка {i}", manager)).Id);
        }

        var launch = await kit.LaunchAsync(scenario, manager, deals);
        Assert.True(launch.Launched, launch.ErrorCode);
        var run = await kit.FinishedAsync(launch.RunId!.Value);
        var failed = deals.Take(2).ToList();
        await kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == run.Id && failed.Contains(i.EntityId))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ItemStatus.Failed)
                .SetProperty(i => i.ErrorCode, ErrorCodes.PhoneInvalid)
                .SetProperty(i => i.ErrorDetail, "8-800, \"short\"")));

        // Counted again, as if the engine had failed them before the run ended.
        await kit.WithDbAsync(db => Features.Engine.RunTotals.FreezeAsync(db, run.Id, CancellationToken.None));
        return (run.Id, manager, deals.ToArray());
    }

    private Task<(long RunId, Data.PortalUser Manager, long[] DealIds)> RunWithFailuresAsync() => RunWithFailuresAsync(Kit);
}
