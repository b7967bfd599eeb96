using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Domain.Scenarios;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class ScenarioDesignerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static async Task OpenNewScenarioAsync(IPage page)
    {
        await new LoginPage(page).SignInAsync("admin@portal.local", "Admin#2026");
        await page.GotoAsync("/scenarios");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("scenario-create").ClickAsync();
        await Expect(page.GetByTestId("scenario-editor-page")).ToBeVisibleAsync();
    }

    private static async Task AddRobotAsync(IPage page, string key)
    {
        await page.GetByTestId("scenario-add-robot").ClickAsync();
        await page.GetByTestId($"robot-{key}").ClickAsync();
        await Expect(page.GetByTestId("robot-picker")).ToBeHiddenAsync();
    }

    /// <summary>How many scenarios have a name starting with this text.</summary>
    private async Task<int> ScenariosNamedAsync(string start)
    {
        await using var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Scenarios.CountAsync(s => s.Name.StartsWith(start));
    }

    private static Task BindAsync(IPage page, string input, string mode) =>
        page.GetByTestId($"{input}-binding").GetByText(mode, new() { Exact = true }).ClickAsync();

    [Fact]
    public Task Admin_BuildsTheSeedExample_AndCanSwitchItOnOnlyOnceTheLineIsSet() => WithPageAsync(async page =>
    {
        await OpenNewScenarioAsync(page);
        var name = UniqueName("Send message");
        await page.GetByTestId("scenario-name").FillAndCommitAsync(name);
        await page.GetByTestId("scenario-description").FillAndCommitAsync("Sends a WhatsApp message to the clients of the chosen deals");

        await AddRobotAsync(page, "olchat.send_message");
        await Expect(page.GetByTestId("step-1")).ToContainTextAsync("[OLChat] Send message");
        await BindAsync(page, "step-1-Line", "Admin before launch");
        await BindAsync(page, "step-1-Message", "Ask at launch");
        await page.GetByTestId("step-1-Message-label").FillAndCommitAsync("Message to send");
        await Expect(page.GetByTestId("scenario-launch-parameters")).ToContainTextAsync("Message to send");

        // Switched on with the line still empty: refused, naming the setting, and nothing is created.
        await page.GetByTestId("scenario-active").ClickAsync();
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-error")).ToContainTextAsync("Robot 1, WhatsApp line: fill in this value under Scenario settings");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/scenarios/new$"));

        await MudPages.ChooseAsync(page, "setting-1-Line-value", "Sandbox");
        await Expect(page.GetByTestId("step-1-Line-setting-note")).ToContainTextAsync("Sandbox");
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-status")).ToHaveTextAsync("Active");
        await Expect(page.GetByTestId("scenario-history")).ToContainTextAsync("Switched on.");

        await page.GetByTestId("scenario-back").ClickAsync();
        var row = page.GetByTestId("scenario-group-Deal").Locator($"tr[data-name='{name}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid^='scenario-active-']")).ToBeCheckedAsync();
        await Expect(row).ToContainTextAsync("Asked at launch: 1");
    });

    [Fact]
    public Task Admin_SeesEveryProblemWhereItIs_AndNothingIsSaved() => WithPageAsync(async page =>
    {
        await OpenNewScenarioAsync(page);
        await AddRobotAsync(page, "crm.add_comment");
        await page.GetByTestId("step-1-Text-value").FillAndCommitAsync("Hi {{Deal.Titel}}");
        await AddRobotAsync(page, "crm.change_stage");

        await page.GetByTestId("scenario-save").ClickAsync();

        var error = page.GetByTestId("scenario-error");
        await Expect(error).ToContainTextAsync("Give the scenario a name.");
        await Expect(error).ToContainTextAsync("Robot 1, Comment: line 1, column 4: unknown field {{Deal.Titel}}.");
        await Expect(error).ToContainTextAsync("Robot 2, Stage: a value is required.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/scenarios/new$"));
    });

    [Fact]
    public Task Admin_TypingANameOverTheLimit_SeesTheCountAndAMessage_NothingIsCutOrSaved() => WithPageAsync(async page =>
    {
        await OpenNewScenarioAsync(page);
        await AddRobotAsync(page, "crm.add_comment");
        await page.GetByTestId("step-1-Text-value").FillAndCommitAsync("Hi");
        var atTheLimit = UniqueName("Long name").PadRight(Scenario.NameMaxLength, 'n');
        var field = page.GetByTestId("scenario-name");
        var count = page.GetByTestId("scenario-name-count");

        await field.FillAsync(atTheLimit);
        await Expect(count).ToHaveTextAsync("200 / 200");
        await field.PressSequentiallyAsync("!");

        await Expect(field).ToHaveValueAsync(atTheLimit + "!");
        await Expect(count).ToContainTextAsync("201 / 200");
        await Expect(page.GetByTestId("scenario-name-count-too-long")).ToHaveTextAsync("Too long: at most 200 characters.");
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-error")).ToContainTextAsync("The name is longer than 200 characters.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/scenarios/new$"));
        Assert.Equal(0, await ScenariosNamedAsync(atTheLimit[..20]));

        // Back at the limit, it saves under the whole name.
        await field.FillAsync(atTheLimit);
        await Expect(count).ToHaveTextAsync("200 / 200");
        await Expect(page.GetByTestId("scenario-name-count-too-long")).ToHaveCountAsync(0);
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/scenarios/\d+$"));
        Assert.Equal(1, await ScenariosNamedAsync(atTheLimit));
    });

    [Fact]
    public Task Admin_PreviewsTheValues_ForADeal_WithFieldsFilledIn() => WithPageAsync(async page =>
    {
        var data = new CrmTestData(Fixture.App.Services);
        var owner = await data.UserAsync("Preview owner", null);
        var title = UniqueName("Preview deal");
        var contact = await data.ContactAsync("Ирина", "Смирнова", owner, new Portal.Domain.Crm.PhoneNumber("+7 999 123-45-67", Portal.Domain.Crm.PhoneType.Mobile));
        await data.DealAsync(title, owner, amount: 1234.5m, contact: contact);

        await OpenNewScenarioAsync(page);
        await AddRobotAsync(page, "crm.add_comment");
        await page.GetByTestId("step-1-Text-value").FillAndCommitAsync("Hello");
        await MudPages.ChooseAsync(page, "step-1-Text-value-field", "Contact · Contact name");
        await Expect(page.GetByTestId("step-1-Text-value")).ToHaveValueAsync("Hello {{Contact.Name}}");
        await page.GetByTestId("step-1-Text-value").FillAndCommitAsync("Hello {{Contact.Name}}, {{Deal.Title}}: {{Deal.Amount}} <b>{{Contact.Phone}}</b>");

        // The record picker searches on the server as the person types.
        await page.GetByTestId("scenario-preview-record").PressSequentiallyAsync(title, new() { Delay = 20 });
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = title }).ClickAsync();
        await page.GetByTestId("scenario-preview-render").ClickAsync();

        await Expect(page.GetByTestId("preview-1-Text")).ToContainTextAsync($"Hello Ирина Смирнова, {title}: 1,234.50 RUB <b>+7 999 123-45-67</b>");
    });

    [Fact]
    public Task SecondAdmin_SavingAnOutdatedCopy_GetsAConflict_AndTheFirstSaveIsKept() => WithPageAsync(async page =>
    {
        await OpenNewScenarioAsync(page);
        var name = UniqueName("Concurrent");
        await page.GetByTestId("scenario-name").FillAndCommitAsync(name);
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-version")).ToBeVisibleAsync();
        var url = page.Url;

        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(url);
        await new Shell(other).WaitUntilInteractiveAsync();
        await other.GetByTestId("scenario-name").FillAndCommitAsync($"{name} by the other admin");
        await other.GetByTestId("scenario-save").ClickAsync();
        await Expect(other.GetByTestId("scenario-saved")).ToBeVisibleAsync();

        await page.GetByTestId("scenario-description").FillAndCommitAsync("An outdated change");
        await page.GetByTestId("scenario-save").ClickAsync();
        await Expect(page.GetByTestId("scenario-error")).ToContainTextAsync("Someone saved this scenario after you opened it");

        await page.GetByTestId("scenario-reload").ClickAsync();
        await Expect(page.GetByTestId("scenario-name")).ToHaveValueAsync($"{name} by the other admin");
    });

    [Fact]
    public Task Admin_ImportingAMalformedFileOrAnotherJsonFile_IsToldWhatIsWrong() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync("admin@portal.local", "Admin#2026");
        await page.GotoAsync("/scenarios");
        await new Shell(page).WaitUntilInteractiveAsync();

        await page.GetByTestId("scenario-import").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes("{\n  \"format\": \"portal.scenario\",\n  \"name\": \"x\",,\n}"),
        });

        var error = page.GetByTestId("scenario-list-error");
        await Expect(error).ToContainTextAsync("\"broken.json\" could not be imported");
        await Expect(error).ToContainTextAsync("The file is not valid JSON (line 3");

        await page.GetByTestId("scenario-import").SetInputFilesAsync(new FilePayload
        {
            Name = "package.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes("{\n  \"name\": \"portal-scripts\",\n  \"version\": \"1.0.0\",\n  \"private\": true\n}"),
        });

        await Expect(error).ToContainTextAsync("\"package.json\" could not be imported");
        await Expect(error).ToContainTextAsync("The file is not a Portal scenario export.");
        await Expect(error).Not.ToContainTextAsync("not valid JSON");
    });

    [Fact]
    public Task Manager_SeesTheListReadOnly_AndCannotOpenTheEditor() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync("manager@portal.local", "Manager#2026");
        await page.GotoAsync("/scenarios");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("scenario-list-page")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scenario-create")).ToHaveCountAsync(0);

        await page.GotoAsync("/scenarios/new");
        await Expect(page.GetByTestId("scenario-no-right")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scenario-save")).ToHaveCountAsync(0);
    });
}
