using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Processes;
using Portal.Features.Scenarios;
using Portal.Tests.Components.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Processes;

/// <summary>The business-process editor on a real database: the form, the save's problems on their fields, saving, a conflict, the activities.</summary>
public sealed class ProcessEditorPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    private const string Save = "[data-testid=process-save]";
    private const string Activity = "[data-testid=process-activity]";

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;
    private IRenderedComponent<MudDialogProvider> _dialogs = default!;
    private PortalUser _admin = default!;

    private BunitNavigationManager Navigation => (BunitNavigationManager)Service<NavigationManager>();

    /// <summary>An administrator, signed in: who may manage business processes.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Data.UserAsync("Process editor", null, PortalRoles.Administrator);
        SignIn(_admin.Id, _admin.DisplayName, PortalRoles.Administrator);
    }

    [Fact]
    public void ANewProcess_StartsByHand_OnDeals_WithNoParametersNorActivities_AndCannotBeDeleted()
    {
        var cut = Open();

        Assert.Equal("New business process", cut.Find("h1").TextContent.Trim());
        Assert.Equal(string.Empty, cut.Find("[data-testid=process-name]").GetAttribute("value") ?? string.Empty);
        Assert.Equal("Deals", cut.Find("[data-testid=process-entity-type]").GetAttribute("value"));
        Assert.True(cut.Find("[data-testid=process-start-manual]").HasAttribute("checked"));
        Assert.False(cut.Find("[data-testid=process-start-create]").HasAttribute("checked"));
        Assert.NotEmpty(cut.FindAll("[data-testid=process-parameters-empty]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=process-activities-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=process-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=process-error]"));
    }

    [Fact]
    public async Task SavingAnEmptyProcess_ListsItsProblems_AndShowsEachUnderItsField()
    {
        var cut = Open();

        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Equal("The process is not saved: fix the problems below.", cut.Find("[data-testid=process-message]").TextContent.Trim()));
        var fields = cut.FindAll("[data-testid=process-problems] li").Select(li => li.GetAttribute("data-field")).ToList();
        Assert.Equal(["Name", "Activities"], fields);
        Assert.Equal("Enter the process's name.", cut.Find("[data-testid=process-error-Name]").TextContent.Trim());
        Assert.Equal("Add at least one activity.", cut.Find("[data-testid=process-activities] [data-testid=process-error-Activities]").TextContent.Trim());
        Assert.Empty(await TemplatesNamedAsync(string.Empty));
    }

    [Fact]
    public async Task AProcessThatNeverStarts_IsRefused_UnderTheStartSection()
    {
        var cut = await OpenWithACommentAsync(Unique("Never"), "Hello");

        cut.Find("[data-testid=process-start-manual]").Change(false);
        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Equal(
            "Choose at least one way to start the process.", cut.Find("[data-testid=process-start] [data-testid=process-error-Start]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=process-error-Name]"));
    }

    [Fact]
    public async Task AStartWithoutAScenario_IsRefusedOnTheScenarioField_OfThatActivity()
    {
        var cut = await OpenWithACommentAsync(Unique("No scenario"), "First");
        await AddActivityAsync(cut, ProcessActivities.StartScenario);

        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Equal("Activity 2: Choose the smart scenario to start.", cut.Find("[data-testid=process-problems] li").TextContent.Trim()));
        var second = cut.FindAll(Activity)[1];
        Assert.Equal("Choose the smart scenario to start.", second.QuerySelector("[data-testid=process-activity-error-Scenario]")!.TextContent.Trim());
        Assert.Null(cut.FindAll(Activity)[0].QuerySelector("[role=alert]"));
    }

    [Fact]
    public async Task SavingANewProcess_CreatesIt_AndOpensItSaying_Saved()
    {
        var name = Unique("Created");
        var cut = await OpenWithACommentAsync(name, "Called {{Deal.Title}}");

        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Contains("?saved=1", Navigation.Uri, StringComparison.Ordinal));
        var saved = Assert.Single(await TemplatesNamedAsync(name));
        Assert.Equal($"/business-processes/{saved.Id}", new Uri(Navigation.Uri).AbsolutePath);
        var activity = Assert.Single(saved.Definition.Activities);
        Assert.Equal("crm.add_comment", activity.Kind);
        Assert.Equal("Called {{Deal.Title}}", activity.Value("Text"));

        var opened = Render<ProcessEditorPage>(p => p.Add(x => x.Id, saved.Id));
        opened.WaitForAssertion(() => Assert.Equal("Saved", opened.Find("[data-testid=process-saved]").TextContent.Trim()));
        Assert.Equal(name, opened.Find("[data-testid=process-name]").GetAttribute("value"));
    }

    [Fact]
    public async Task SomeoneElsesChange_IsAConflict_AndReloadShowsTheirVersion()
    {
        var id = await TemplateAsync(Unique("Mine"));
        var cut = Open(id);
        var theirs = Unique("Theirs");
        var edit = (await Service<ProcessAdmin>().GetAsync(id))!;
        Assert.Equal(CommandStatus.Ok, (await Service<ProcessAdmin>().SaveAsync(_admin.Id, id, edit.Version, edit.Definition with { Name = theirs })).Status);

        cut.Find("[data-testid=process-name]").Input(Unique("Changed here"));
        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Contains("Someone else has changed this process", cut.Find("[data-testid=process-error]").TextContent, StringComparison.Ordinal));
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-reload]").Click());
        cut.WaitForAssertion(() => Assert.Equal(theirs, cut.Find("[data-testid=process-name]").GetAttribute("value")));
        Assert.Empty(cut.FindAll("[data-testid=process-error]"));
    }

    [Fact]
    public async Task SavingAnExistingProcess_KeepsItsChanges_AndSaysSaved()
    {
        var id = await TemplateAsync(Unique("Before"));
        var cut = Open(id);
        var after = Unique("After");

        cut.Find("[data-testid=process-name]").Input(after);
        cut.Find("[data-testid=process-start-create]").Change(true);
        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=process-saved]")));
        var saved = (await Service<ProcessAdmin>().GetAsync(id))!.Definition;
        Assert.Equal(after, saved.Name);
        Assert.True(saved.StartsOnCreate);
        Assert.True(cut.Find("[data-testid=process-entity-type]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Activities_AreAddedFromTheMenu_InOrder_AndMoveAndRemove()
    {
        var cut = Open();

        await AddActivityAsync(cut, "crm.add_comment");
        await AddActivityAsync(cut, ProcessActivities.StartScenario);
        Assert.Equal(["1. Add comment", "2. Start smart scenario"], Titles(cut));
        Assert.Empty(cut.FindAll("[data-testid=process-activities-empty]"));

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=process-activity-down]")[0].Click());
        cut.WaitForAssertion(() => Assert.Equal(["1. Start smart scenario", "2. Add comment"], Titles(cut)));

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=process-activity-remove]")[0].Click());
        cut.WaitForAssertion(() => Assert.Equal(["1. Add comment"], Titles(cut)));
    }

    [Fact]
    public async Task TheMenu_OffersChangeStage_OnlyWhereRecordsHaveStages()
    {
        var cut = Open();

        Assert.Contains("Change stage", await MenuAsync(cut));
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-activity-add]").Click());
        cut.Find("[data-testid=process-entity-type]").MouseDown();
        _popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Contacts").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=process-start-stage]")));
        Assert.DoesNotContain("Change stage", await MenuAsync(cut));
    }

    [Fact]
    public async Task LaunchParameters_AreShown_OnlyWhenTheChosenScenarioAsksForSome_WithTheirDefault()
    {
        var asking = await Service<ScenarioAdmin>().CreateAsync(_admin.Id, Unique("Asking"), CrmEntityType.Deal, true, AskedComment("Hello {{Deal.Title}}"));
        var fixedText = await Service<ScenarioAdmin>().CreateAsync(_admin.Id, Unique("Fixed"), CrmEntityType.Deal, true, FixedComment("Fixed"));
        var cut = Open();
        await AddActivityAsync(cut, ProcessActivities.StartScenario);

        await ChooseScenarioAsync(cut, fixedText);
        Assert.Empty(cut.FindAll("[data-testid=process-activity-launch]"));

        await ChooseScenarioAsync(cut, asking);
        cut.WaitForAssertion(() => Assert.Contains("Comment to add", cut.Find("[data-testid=process-activity-launch]").TextContent, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal("Hello {{Deal.Title}}", cut.Find("[data-testid=process-activity-launch-step1-Text]").GetAttribute("value")));
    }

    [Fact]
    public async Task ALaunchParameter_IsSavedWithTheActivity_AsTyped()
    {
        var asking = await Service<ScenarioAdmin>().CreateAsync(_admin.Id, Unique("Asking"), CrmEntityType.Deal, true, AskedComment());
        var name = Unique("Launching");
        var cut = Open();
        cut.Find("[data-testid=process-name]").Input(name);
        await AddActivityAsync(cut, ProcessActivities.StartScenario);
        await ChooseScenarioAsync(cut, asking);

        cut.WaitForElement("[data-testid=process-activity-launch-step1-Text]").Change("Reason: {{Start.Reason}}");
        await cut.InvokeAsync(() => cut.Find(Save).Click());

        cut.WaitForAssertion(() => Assert.Contains("?saved=1", Navigation.Uri, StringComparison.Ordinal));
        var activity = Assert.Single(Assert.Single(await TemplatesNamedAsync(name)).Definition.Activities);
        Assert.Equal(asking, ProcessActivities.ScenarioOf(activity));
        Assert.Equal("Reason: {{Start.Reason}}", ProcessActivities.LaunchValuesOf(activity)[AskedKey]);
    }

    [Fact]
    public async Task ARobotsInputs_AreEditedByTheirType_AUserByAPick_AndATextWithTheFieldPicker_OfferingTheStartParameters()
    {
        var cut = Open();
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-parameter-add]").Click());
        cut.Find("[data-testid=process-parameter-key]").Change("Reason");
        cut.Find("[data-testid=process-parameter-name]").Change("Why");
        await AddActivityAsync(cut, "crm.notify_employee");

        // The employee is a user: a pick, the record's responsible first.
        cut.Find("[data-testid=process-activity-input-User]").MouseDown();
        _popovers.WaitForElements(".mud-popover-open .mud-list-item").First(i => i.TextContent.Trim() == "The record's responsible person").Click();

        // The text is a text with the field picker, which offers the start parameter.
        cut.Find("[data-testid=process-activity-input-Text]").Change("Because");
        cut.Find("[data-testid=process-activity-input-Text-field]").Input("Why");
        _popovers.WaitForAssertion(() => _popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Asked at launch · Why").Click());

        cut.WaitForAssertion(() => Assert.Equal("Because {{Start.Reason}}", cut.Find("[data-testid=process-activity-input-Text]").GetAttribute("value")));
        cut.Find("[data-testid=process-name]").Input(Unique("Notify"));
        var name = cut.Find("[data-testid=process-name]").GetAttribute("value")!;
        await cut.InvokeAsync(() => cut.Find(Save).Click());
        cut.WaitForAssertion(() => Assert.Contains("?saved=1", Navigation.Uri, StringComparison.Ordinal));
        var activity = Assert.Single(Assert.Single(await TemplatesNamedAsync(name)).Definition.Activities);
        Assert.Equal("{{Responsible.Id}}", activity.Value("User"));
        Assert.Equal("Because {{Start.Reason}}", activity.Value("Text"));
    }

    [Fact]
    public void AnUnknownProcess_SaysItDoesNotExist_WithNothingToSave()
    {
        var cut = Open(long.MaxValue);

        Assert.Equal("This business process does not exist (it may have been deleted).", cut.Find("[data-testid=process-not-found]").TextContent.Trim());
        Assert.Empty(cut.FindAll(Save));
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenDeletesAndGoesBackToTheList()
    {
        var name = Unique("Doomed");
        var id = await TemplateAsync(name);
        var cut = Open(id);

        await cut.InvokeAsync(() => cut.Find("[data-testid=process-delete]").Click());
        _dialogs.WaitForAssertion(() => Assert.Contains(name, _dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await _dialogs.InvokeAsync(() => _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click());

        cut.WaitForAssertion(() => Assert.Equal("/business-processes", new Uri(Navigation.Uri).AbsolutePath));
        Assert.Null(await Service<ProcessAdmin>().GetAsync(id));
    }

    /// <summary>Opens the editor: a new process, or the one with <paramref name="id"/>.</summary>
    private IRenderedComponent<ProcessEditorPage> Open(long? id = null)
    {
        _popovers = Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        var cut = Render<ProcessEditorPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=process-save], [data-testid=process-not-found]");
        return cut;
    }

    /// <summary>A new process that would save: named, started by hand, adding one comment.</summary>
    private async Task<IRenderedComponent<ProcessEditorPage>> OpenWithACommentAsync(string name, string comment)
    {
        var cut = Open();
        cut.Find("[data-testid=process-name]").Input(name);
        await AddActivityAsync(cut, "crm.add_comment");
        cut.Find("[data-testid=process-activity-input-Text]").Change(comment);
        return cut;
    }

    private async Task AddActivityAsync(IRenderedComponent<ProcessEditorPage> cut, string kind)
    {
        var before = cut.FindAll(Activity).Count;
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-activity-add]").Click());
        _popovers.WaitForElement($"[data-testid='process-activity-add-{kind}']");
        await _popovers.InvokeAsync(() => _popovers.Find($"[data-testid='process-activity-add-{kind}']").Click());
        cut.WaitForAssertion(() => Assert.Equal(before + 1, cut.FindAll(Activity).Count));
    }

    /// <summary>The add-activity menu's choices (the menu is left open).</summary>
    private async Task<IReadOnlyList<string>> MenuAsync(IRenderedComponent<ProcessEditorPage> cut)
    {
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-activity-add]").Click());
        return _popovers.WaitForElements(".mud-popover-open .mud-menu-item").Select(i => i.TextContent.Trim()).ToList();
    }

    private async Task ChooseScenarioAsync(IRenderedComponent<ProcessEditorPage> cut, long scenarioId)
    {
        var name = (await Service<ScenarioAdmin>().GetAsync(scenarioId))!.Definition.Name;
        cut.Find("[data-testid=process-activity-scenario]").MouseDown();
        _popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == $"Deals · {name}").Click();
        cut.WaitForAssertion(() => Assert.Equal($"Deals · {name}", cut.Find("[data-testid=process-activity-scenario]").GetAttribute("value")));
    }

    private static List<string> Titles(IRenderedComponent<ProcessEditorPage> cut) =>
        cut.FindAll("[data-testid=process-activity-title]").Select(t => string.Join(' ', t.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();

    /// <summary>A process with one comment, started by hand, saved by the administrator; its id.</summary>
    private async Task<long> TemplateAsync(string name)
    {
        var definition = new ProcessDefinition(name, null, CrmEntityType.Deal, true, true, false, false, null, [],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "Hi" })]);
        var result = await Service<ProcessAdmin>().SaveAsync(_admin.Id, null, 0, definition);
        Assert.Equal(CommandStatus.Ok, result.Status);
        return result.Id!.Value;
    }

    private async Task<IReadOnlyList<ProcessTemplateEdit>> TemplatesNamedAsync(string name)
    {
        var admin = Service<ProcessAdmin>();
        var rows = (await admin.ListAsync()).Where(r => r.Name == name).ToList();
        var edits = new List<ProcessTemplateEdit>();
        foreach (var row in rows)
        {
            edits.Add((await admin.GetAsync(row.Id))!);
        }

        return edits;
    }
}
