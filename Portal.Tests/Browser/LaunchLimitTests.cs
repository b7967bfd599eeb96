using Microsoft.EntityFrameworkCore;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The real app with a launch limit of three records, so a "select all" over it needs only a few deals.</summary>
public sealed class SmallLaunchLimitFixture : BrowserFixture
{
    public const int Limit = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["Portal:Runs:MaxEntitiesPerLaunch"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

[CollectionDefinition(Name)]
public sealed class SmallLaunchLimitTests : ICollectionFixture<SmallLaunchLimitFixture>
{
    public const string Name = "Browser, launch limit of three";
}

[Collection(SmallLaunchLimitTests.Name)]
public class LaunchLimitTests(SmallLaunchLimitFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task SelectAllOverTheLimit_IsRefusedInTheDialogAtOnce_AndTheSelectionIsKept() => WithPageAsync(async page =>
    {
        var kit = new RunTestKit(Fixture.App.Services);
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var prefix = $"Limit {Guid.NewGuid():N}"[..12];
        for (var i = 1; i <= SmallLaunchLimitFixture.Limit + 2; i++)
        {
            await kit.Data.DealAsync($"{prefix} deal {i}", manager);
        }

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);
        await list.OpenAsync();
        await list.SearchAsync(prefix);
        await Expect(list.Rows).ToHaveCountAsync(SmallLaunchLimitFixture.Limit + 2);
        await page.GetByTestId("deals-select-all").ClickAsync();
        await Expect(list.SelectedCount).ToHaveTextAsync("Selected: 5");
        await page.GetByTestId("deals-scenarios").ClickAsync();
        await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();

        var dialog = page.GetByTestId("launch-dialog");
        await Expect(dialog.GetByTestId("launch-count")).ToContainTextAsync("More than 3 records are selected");
        await Expect(dialog.GetByTestId("launch-error")).ToContainTextAsync("Too many records for one launch (at most 3)");
        await Expect(dialog.GetByTestId("launch-precheck")).ToHaveCountAsync(0);
        await Expect(dialog.GetByTestId("launch-preview-empty")).ToBeVisibleAsync();
        await Expect(dialog.GetByTestId("launch-submit")).ToBeDisabledAsync();

        // Typing does not lose the refusal; closing the dialog keeps the selection to narrow it.
        await dialog.GetByTestId("launch-value-step1.Message").FillAndCommitAsync("Hello");
        await Expect(dialog.GetByTestId("launch-error")).ToContainTextAsync("Too many records for one launch (at most 3)");
        await dialog.GetByTestId("launch-cancel").ClickAsync();
        await Expect(list.SelectedCount).ToHaveTextAsync("Selected: 5");
        Assert.Equal(0, await kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    });
}
