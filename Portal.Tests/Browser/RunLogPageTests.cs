using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.RunLog;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class RunLogPageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private RunTestKit Kit => new(Fixture.App.Services);

    [Fact]
    public Task Support_SeesTheDashboard_FiltersByScenarioAndStatus_AndPagesOlderAndNewer() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var support = await kit.Data.UserAsync("Support Person", null, PortalRoles.Support);
        var manager = await kit.ManagerAsync();
        var paged = await kit.ScenarioAsync(RunTestKit.Comment("paged"));
        var other = await kit.ScenarioAsync(RunTestKit.Comment("other"));
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            await RunLogQueriesTests.InsertRunAsync(kit, paged, manager, now.AddMinutes(-40 + i), RunStatus.Completed);
        }

        var loops = Enumerable.Repeat<string?>(ErrorCodes.LaunchLoopDetected, 7).Append(null).ToArray();
        var stopped = await RunLogQueriesTests.InsertRunAsync(kit, paged, manager, now.AddMinutes(-50), RunStatus.Stopped, failures: loops);
        await RunLogQueriesTests.InsertRunAsync(kit, other, manager, now.AddMinutes(-5), RunStatus.Completed);

        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync("/runs");
        await new Shell(page).WaitUntilInteractiveAsync();

        // The last day: the error code's text and its count, linking to the search; the failing scenario.
        var error = page.GetByTestId($"runlog-error-{ErrorCodes.LaunchLoopDetected}");
        await Expect(error).ToContainTextAsync("The smart scenario would start itself again on the same record (loop)");
        await Expect(error.GetByTestId("runlog-error-count")).ToHaveTextAsync("7");
        await Expect(error.Locator("a")).ToHaveAttributeAsync("href", new Regex(Regex.Escape($"/runs/search?error={ErrorCodes.LaunchLoopDetected}") + "$"));
        var failing = page.GetByTestId($"runlog-failing-{paged.Id}");
        await Expect(failing).ToContainTextAsync(paged.Name);
        await Expect(failing.GetByTestId("runlog-failing-scenario")).ToHaveTextAsync(paged.Name);
        await Expect(failing.Locator("a")).ToHaveCountAsync(0); // support cannot open scenarios: the name alone
        await Expect(failing).ToContainTextAsync("7 failed in 1 of 31 runs");
        await Expect(page.GetByTestId("runlog-day-Completed")).ToBeVisibleAsync();

        // Filtering by the scenario from the failing list: counts and the newest 25 runs, then the older ones.
        await failing.GetByTestId("runlog-failing-filter").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/runs\?scenario={paged.Id}$"));
        await Expect(page.GetByTestId("runlog-total")).ToHaveTextAsync("Runs found: 31");
        await Expect(page.GetByTestId("runlog-count-Completed")).ToHaveTextAsync("Completed: 30");
        await Expect(page.GetByTestId("runlog-count-Stopped")).ToHaveTextAsync("Stopped: 1");
        var links = page.GetByTestId("runs-link");
        await Expect(links).ToHaveCountAsync(25);
        await Expect(page.GetByTestId("runlog-newer")).ToBeDisabledAsync();
        await page.GetByTestId("runlog-older").ClickAsync();
        await Expect(page.GetByTestId("runlog-page-number")).ToHaveTextAsync("Page 2");
        await Expect(links).ToHaveCountAsync(6);
        await Expect(page.GetByTestId("runs-list")).ToContainTextAsync("7 of 8 records failed");
        await Expect(page.GetByTestId("runlog-older")).ToBeDisabledAsync();
        await page.GetByTestId("runlog-newer").ClickAsync();
        await Expect(page.GetByTestId("runlog-page-number")).ToHaveTextAsync("Page 1");
        await Expect(links).ToHaveCountAsync(25);

        // The status from the filter bar: the link keeps both.
        await MudPages.ChooseAsync(page, "runlog-status", "Stopped");
        await page.GetByTestId("runlog-apply").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"scenario={paged.Id}&status=Stopped$"));
        await Expect(links).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("runlog-total")).ToHaveTextAsync("Runs found: 1");
        await Expect(page.GetByTestId("runlog-run-status")).ToHaveTextAsync("Stopped");
        await Expect(page.GetByTestId("runlog-run-status-failed")).ToHaveTextAsync("7 of 8 records failed");
        await Expect(page.Locator($"a[href='/runs/{stopped}']").First).ToBeVisibleAsync();

        // A scenario chosen in the drop-down.
        await page.GetByTestId("runlog-reset").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs$"));
        await MudPages.ChooseAsync(page, "runlog-scenario", other.Name);
        await page.GetByTestId("runlog-apply").ClickAsync();
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveTextAsync(other.Name);
    });

    [Fact]
    public Task RunsPage_IsLive_NewRunsAppearAndARunningRunEnds_WithoutReloading() => WithPageAsync(async page =>
    {
        var kit = Kit;
        var support = await kit.Data.UserAsync("Support Person", null, PortalRoles.Support);
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("live"));
        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);
        await page.GotoAsync($"/runs?scenario={scenario.Id}");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("runs-empty")).ToBeVisibleAsync();

        // Launched by someone else while the page is open.
        var runId = await RunLogQueriesTests.InsertRunAsync(kit, scenario, manager, DateTimeOffset.UtcNow, RunStatus.Running, waiting: true);
        await Expect(page.GetByTestId("runlog-run-status")).ToHaveTextAsync("Running");
        await Expect(page.GetByTestId("runlog-count-Running")).ToHaveTextAsync("Running: 1");

        // It ends.
        await kit.WithDbAsync(db => db.ScenarioRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RunStatus.Completed)));
        await Expect(page.GetByTestId("runlog-run-status")).ToHaveTextAsync("Completed");
        await Expect(page.GetByTestId("runlog-count-Completed")).ToHaveTextAsync("Completed: 1");
        await Expect(page.GetByTestId("runlog-count-Running")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task BadFilterInTheAddress_IsSaidOnThePage() => WithPageAsync(async page =>
    {
        var support = await Kit.Data.UserAsync("Support Person", null, PortalRoles.Support);
        await new LoginPage(page).SignInAsync(support.Email!, CrmTestData.Password);

        await page.GotoAsync("/runs?from=2026-13-01&status=Exploded");
        var error = page.GetByTestId("runlog-filter-error");
        await Expect(error).ToContainTextAsync("“2026-13-01” is not a date. Use YYYY-MM-DD.");
        await Expect(error).ToContainTextAsync("“Exploded” is not a run status.");
        await Expect(page.GetByTestId("runs-list")).ToHaveCountAsync(0);

        await page.GotoAsync("/runs?from=2026-02-01&to=2026-01-01");
        await Expect(error.GetByTestId("runlog-filter-message")).ToHaveTextAsync("The start date is after the end date.");
        await Expect(page.GetByTestId("runlog-filter")).ToBeVisibleAsync();
    });
}
