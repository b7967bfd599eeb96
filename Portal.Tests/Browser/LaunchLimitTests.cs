using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
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

/// <summary>The real app with the default launch limit (10,000), for a selection just over it.</summary>
public sealed class DefaultLaunchLimitFixture : BrowserFixture;

[CollectionDefinition(Name)]
public sealed class DefaultLaunchLimitTests : ICollectionFixture<DefaultLaunchLimitFixture>
{
    public const string Name = "Browser, the default launch limit";
}

[Collection(DefaultLaunchLimitTests.Name)]
public class DefaultLaunchLimitDialogTests(DefaultLaunchLimitFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task TenThousandAndOneTickedRecords_AreRefusedWhenTheDialogOpens_InBothLanguages() => WithPageAsync(async page =>
    {
        var kit = new RunTestKit(Fixture.App.Services);
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var prefix = $"Many {Guid.NewGuid():N}"[..11];
        var first = await kit.Data.DealAsync($"{prefix} 0", manager);
        await kit.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Deals" ("Title", "PipelineId", "StageId", "Amount", "Currency", "ResponsibleId", "CreatedAt", "CreatedById", "ModifiedAt", "ModifiedById")
            SELECT d."Title" || ' ' || n, d."PipelineId", d."StageId", d."Amount", d."Currency", d."ResponsibleId", d."CreatedAt", d."CreatedById", d."ModifiedAt", d."ModifiedById"
            FROM "Deals" d, generate_series(1, 10000) AS n WHERE d."Id" = {first.Id}
            """));

        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        var list = new DealsPage(page);

        async Task<ILocator> OpenDialogAsync()
        {
            await list.OpenAsync();
            await list.SearchAsync(prefix);
            await Expect(list.Rows.First).ToBeVisibleAsync();
            await page.GetByTestId("deals-select-all").ClickAsync();
            await page.GetByTestId("deals-scenarios").ClickAsync();
            await page.GetByTestId($"launch-scenario-{scenario.Id}").ClickAsync();
            return page.GetByTestId("launch-dialog");
        }

        var dialog = await OpenDialogAsync();
        await Expect(dialog.GetByTestId("launch-count")).ToContainTextAsync("More than 10,000 records are selected");
        await Expect(dialog.GetByTestId("launch-error")).ToContainTextAsync("Too many records for one launch (at most 10,000)");
        await Expect(dialog.GetByTestId("launch-precheck")).ToHaveCountAsync(0);
        await Expect(dialog.GetByTestId("launch-preview-empty")).ToBeVisibleAsync();
        await Expect(dialog.GetByTestId("launch-submit")).ToBeDisabledAsync();
        await dialog.GetByTestId("launch-cancel").ClickAsync();

        var shell = new Shell(page);
        await shell.SwitchLanguageAsync("Русский");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await shell.WaitUntilInteractiveAsync();
        dialog = await OpenDialogAsync();
        await Expect(dialog.GetByTestId("launch-count")).ToContainTextAsync(new Regex(@"10\s000"));
        await Expect(dialog.GetByTestId("launch-error")).ToContainTextAsync(new Regex(@"не более 10\s000"));
        await Expect(dialog.GetByTestId("launch-submit")).ToBeDisabledAsync();
        Assert.Equal(0, await kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    });
}
