using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The scenario editor on a real database: adding and ordering robots, saving and its refusals, settings, preview, conflicts.</summary>
public sealed class ScenarioEditorPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task ANewScenario_SaysItHasNoRobots_UntilOneIsPickedFromTheDialog()
    {
        await SignedInAdminAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ScenarioEditorPage>();
        cut.WaitForElement("[data-testid=scenario-no-steps]");

        await AddRobotAsync(cut, dialogs, "crm.add_comment");

        cut.WaitForAssertion(() => Assert.Equal("crm.add_comment", cut.Find("[data-testid=step-1]").GetAttribute("data-robot")));
        Assert.Empty(cut.FindAll("[data-testid=scenario-no-steps]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=step-1-Text-value]"));
    }

    [Fact]
    public async Task SavingWithAnEmptyValue_ListsTheProblemAtItsRobot_AndSavesNothing()
    {
        await SignedInAdminAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ScenarioEditorPage>();
        var name = Unique("Two robots");
        cut.WaitForElement("[data-testid=scenario-name]").Input(name);
        await AddRobotAsync(cut, dialogs, "crm.add_comment");
        cut.Find("[data-testid=step-1-Text-value]").Change("Filled in");
        await AddRobotAsync(cut, dialogs, "crm.add_comment");

        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-save]").Click());

        var problem = cut.WaitForElement("[data-testid=scenario-problems] li");
        Assert.StartsWith("Robot 2, Comment:", problem.TextContent.Trim());
        Assert.Equal("2.Text", problem.GetAttribute("data-where"));
        Assert.Equal(0, await ScenariosNamedAsync(name));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task SavingANewScenario_CreatesIt_AndOpensItsOwnAddress()
    {
        await SignedInAdminAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ScenarioEditorPage>();
        var name = Unique("Created here");
        cut.WaitForElement("[data-testid=scenario-name]").Input(name);
        await AddRobotAsync(cut, dialogs, "crm.add_comment");
        cut.Find("[data-testid=step-1-Text-value]").Change("Hello");

        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-save]").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches(@"/scenarios/\d+$", navigation.Uri));
        var id = long.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var saved = await Service<ScenarioAdmin>().GetAsync(id);
        Assert.Equal(name, saved!.Definition.Name);
        Assert.Equal("Hello", Assert.Single(Assert.Single(saved.Definition.Steps).Inputs).Value);
    }

    [Fact]
    public async Task SavingAnExistingScenario_SaysSo_AndShowsTheNewVersionAndItsHistory()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Edited"), CrmEntityType.Deal, false, FixedComment("Before"));
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("[data-testid=step-1-Text-value]").Change("After");

        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-save]").Click());

        cut.WaitForElement("[data-testid=scenario-saved]");
        Assert.Equal("Version 2", cut.Find("[data-testid=scenario-version]").TextContent.Trim());
        Assert.Contains("After", cut.Find("[data-testid=history-2]").TextContent);
        Assert.Equal("Switched off", cut.Find("[data-testid=scenario-status]").TextContent.Trim());
    }

    [Fact]
    public async Task ASaveOverSomeoneElsesChange_IsRefusedAsAConflict_AndReloadShowsTheirVersion()
    {
        var admin = await SignedInAdminAsync();
        var scenarios = Service<ScenarioAdmin>();
        var name = Unique("Contested");
        var id = await scenarios.CreateAsync(admin, name, CrmEntityType.Deal, false, FixedComment("Mine"));
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("[data-testid=step-1-Text-value]").Change("Mine, changed");
        var theirs = await scenarios.SaveAsync(admin, id, 1, new ScenarioDefinition(name, null, CrmEntityType.Deal, [FixedComment("Theirs")]), false);
        Assert.True(theirs.Succeeded);

        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-save]").Click());

        cut.WaitForAssertion(() => Assert.Contains("Someone saved this scenario after you opened it", cut.Find("[data-testid=scenario-error]").TextContent));
        Assert.Equal("Theirs", Assert.Single(Assert.Single((await scenarios.GetAsync(id))!.Definition.Steps).Inputs).Value);
        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-reload]").Click());
        cut.WaitForAssertion(() => Assert.Equal("Theirs", cut.Find("[data-testid=step-1-Text-value]").GetAttribute("value")));
        Assert.Empty(cut.FindAll("[data-testid=scenario-error]"));
        Assert.Equal("Version 2", cut.Find("[data-testid=scenario-version]").TextContent.Trim());
    }

    [Fact]
    public async Task MovingAndRemovingRobots_ChangesTheirOrder()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Ordered"), CrmEntityType.Deal, false,
            FixedComment("First"), new ScenarioStep("crm.change_stage", [new("Stage", ValueSource.AdminSetting, null)]), FixedComment("Third"));
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));
        cut.WaitForElement("[data-testid=step-3]");
        Assert.True(cut.Find("[data-testid=step-1-up]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=step-3-down]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=step-1-down]").Click());

        cut.WaitForAssertion(() => Assert.Equal("First", cut.Find("[data-testid=step-2-Text-value]").GetAttribute("value")));
        Assert.Equal("crm.change_stage", cut.Find("[data-testid=step-1]").GetAttribute("data-robot"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=step-1-remove]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=step-3]")));
        Assert.Equal("First", cut.Find("[data-testid=step-1-Text-value]").GetAttribute("value"));
        Assert.Equal("Third", cut.Find("[data-testid=step-2-Text-value]").GetAttribute("value"));
    }

    [Fact]
    public async Task AValueSetBeforeLaunch_IsEditedUnderScenarioSettings_AndOneAskedAtLaunchIsListed()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Set and asked"), CrmEntityType.Deal, false,
            new ScenarioStep("crm.add_comment", [new("Text", ValueSource.AdminSetting, null)]), AskedComment("Hi"));
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("[data-testid=setting-1-Text-value]").Change("Set by the admin");

        Assert.Contains("Comment to add", cut.Find("[data-testid=launch-parameter-2-Text]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=scenario-settings-empty]"));
        cut.WaitForAssertion(() => Assert.Contains("Set by the admin", cut.Find("[data-testid=step-1-Text-setting-note]").TextContent));
    }

    [Fact]
    public async Task AScenarioWithFixedValuesOnly_SaysItHasNoSettings()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Nothing to set"), CrmEntityType.Deal, false, FixedComment("Fixed"));

        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("[data-testid=scenario-settings-empty]");
        Assert.Empty(cut.FindAll("[data-testid=scenario-launch-parameters]"));
    }

    [Fact]
    public async Task ThePreview_FillsThePlaceholdersFromTheChosenRecord()
    {
        var admin = await SignedInAdminAsync();
        var owner = await Data.UserAsync("Preview owner", null);
        var title = Unique("Preview deal");
        await Data.DealAsync(title, owner);
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Previewed"), CrmEntityType.Deal, false, FixedComment("About {{Deal.Title}}"));
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));
        Assert.True(cut.WaitForElement("[data-testid=scenario-preview-render]").HasAttribute("disabled"));

        cut.Find("[data-testid=scenario-preview-record]").Input(title);
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Contains(title, StringComparison.Ordinal)).Click());
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=scenario-preview-render]").HasAttribute("disabled")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-preview-render]").Click());

        cut.WaitForAssertion(() => Assert.Equal($"About {title}", cut.Find("[data-testid=preview-1-Text] td").TextContent.Trim()));
    }

    [Fact]
    public async Task AManagerWithoutTheScenarioRight_IsToldSo_AndSeesNoEditor()
    {
        var manager = await Data.UserAsync("Not an admin", null, PortalRoles.Manager);
        SignIn(manager.Id, manager.DisplayName, PortalRoles.Manager);

        var cut = Render<ScenarioEditorPage>();

        cut.WaitForElement("[data-testid=scenario-no-right]");
        Assert.Empty(cut.FindAll("[data-testid=scenario-save]"));
    }

    [Fact]
    public async Task AnUnknownScenario_SaysItWasNotFound()
    {
        await SignedInAdminAsync();

        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, long.MaxValue));

        cut.WaitForElement("[data-testid=scenario-not-found]");
        Assert.Empty(cut.FindAll("[data-testid=scenario-name]"));
    }

    [Fact]
    public async Task AnImportedScenario_OpensWithANoteThatCanBeClosed()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Imported"), CrmEntityType.Lead, false, FixedComment("Hi"));

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/scenarios/{id}?imported=1");
        var cut = Render<ScenarioEditorPage>(p => p.Add(c => c.Id, id));

        cut.WaitForElement("[data-testid=scenario-imported]");
        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-imported] button").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=scenario-imported]")));
    }

    [Fact]
    public async Task ANewScenarioForAType_StartsOnThatType()
    {
        await SignedInAdminAsync();

        Services.GetRequiredService<NavigationManager>().NavigateTo("/scenarios/new?type=company");
        var cut = Render<ScenarioEditorPage>();

        Assert.Equal("Companies", cut.WaitForElement("[data-testid=scenario-entity-type]").GetAttribute("value"));
    }

    private static async Task AddRobotAsync(IRenderedComponent<ScenarioEditorPage> cut, IRenderedComponent<MudDialogProvider> dialogs, string robot)
    {
        await cut.InvokeAsync(() => cut.Find("[data-testid=scenario-add-robot]").Click());
        dialogs.WaitForElement($"[data-testid='robot-{robot}']");
        await dialogs.InvokeAsync(() => dialogs.Find($"[data-testid='robot-{robot}']").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=robot-picker]")));
    }

    private async Task<int> ScenariosNamedAsync(string name) =>
        (await Service<ScenarioAdmin>().ListAsync()).Count(s => s.Name == name);

    private async Task<string> SignedInAdminAsync()
    {
        var admin = await Data.AdminAsync();
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        return admin.Id;
    }
}
