using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Processes;
using Portal.Domain.Security;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Processes;

/// <summary>
/// The editor's condition block on a real database: operators that fit the compared field, branches (the "else" once and
/// last), moving an activity into a branch and out again, and a save's problem shown at its comparison.
/// </summary>
public sealed class ProcessConditionEditorTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    private const string Activity = "[data-testid=process-activity]";

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private BunitNavigationManager Navigation => (BunitNavigationManager)Service<NavigationManager>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Data.UserAsync("Condition editor", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
    }

    [Fact]
    public async Task TheOperators_AreThoseThatFitTheComparedField()
    {
        var cut = await OpenWithAConditionAsync();

        cut.Find("[data-testid=process-condition-left]").Change("{{Deal.Amount}}");
        var forMoney = Operators(cut);
        Assert.Contains("is greater than", forMoney);
        Assert.DoesNotContain("contains", forMoney);
        Assert.DoesNotContain("is in the stages", forMoney);

        cut.Find("[data-testid=process-condition-left]").Change("{{Deal.Title}}");
        var forText = Operators(cut);
        Assert.Contains("contains", forText);
        Assert.DoesNotContain("is greater than", forText);
    }

    [Fact]
    public async Task ANewCondition_HasIfAndElse_ElseIfGoesBeforeTheElse_AndTheElseIsAddedOnlyOnceAndLast()
    {
        var cut = await OpenWithAConditionAsync();
        Assert.Equal(["If", "Else"], BranchTitles(cut));
        Assert.True(cut.Find("[data-testid=process-branch-add-else]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=process-branch-add]").Click());
        cut.WaitForAssertion(() => Assert.Equal(["If", "Else if", "Else"], BranchTitles(cut)));

        await cut.InvokeAsync(() => cut.FindAll("[data-testid=process-branch-remove]")[2].Click());
        cut.WaitForAssertion(() => Assert.Equal(["If", "Else if"], BranchTitles(cut)));
        Assert.False(cut.Find("[data-testid=process-branch-add-else]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=process-branch-add-else]").Click());
        cut.WaitForAssertion(() => Assert.Equal(["If", "Else if", "Else"], BranchTitles(cut)));
        Assert.True(cut.Find("[data-testid=process-branch-add-else]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AnActivity_MovesIntoABranchOfTheConditionBesideIt_AndOutAgain_AfterTheCondition()
    {
        var cut = Open();
        await AddTopActivityAsync(cut, "crm.add_comment");
        await AddTopActivityAsync(cut, ProcessActivities.Condition);

        await cut.InvokeAsync(() => cut.Find("[data-field='Activity.1'] [data-testid=process-activity-move-into] button").Click());
        _popovers.WaitForElements("[data-testid=process-activity-move-into-target]");
        await _popovers.InvokeAsync(() => _popovers.FindAll("[data-testid=process-activity-move-into-target]")
            .Single(i => i.TextContent.Trim() == "Activity 2 › If").Click());

        cut.WaitForAssertion(() => Assert.Equal("crm.add_comment", cut.Find("[data-field='Activity.1.Branch.1.Activity.1']").GetAttribute("data-kind")));
        Assert.Equal([ProcessActivities.Condition], TopKinds(cut));

        await cut.InvokeAsync(() => cut.Find("[data-field='Activity.1.Branch.1.Activity.1'] [data-testid=process-activity-move-out]").Click());

        cut.WaitForAssertion(() => Assert.Equal([ProcessActivities.Condition, "crm.add_comment"], TopKinds(cut)));
        Assert.Empty(cut.FindAll("[data-field='Activity.1.Branch.1.Activity.1']"));
    }

    [Fact]
    public async Task AComparisonWithoutAField_IsRefusedAtItsRow_AndOnceFilledTheConditionIsSavedWithItsBranches()
    {
        var name = $"Branching {Guid.NewGuid():N}";
        var cut = await OpenWithAConditionAsync();
        cut.Find("[data-testid=process-name]").Input(name);

        await cut.InvokeAsync(() => cut.Find("[data-testid=process-save]").Click());

        const string Row = "[data-testid=process-comparison][data-field='Activity.1.Branch.1.Condition.1']";
        cut.WaitForAssertion(() => Assert.Equal(
            "Compare one field, start parameter or variable set before.", cut.Find($"{Row} [data-testid=process-condition-error]").TextContent.Trim()));

        cut.Find("[data-testid=process-condition-left]").Change("{{Deal.Amount}}");
        cut.Find("[data-testid=process-condition-right]").Change("100000");
        await cut.InvokeAsync(() => cut.Find("[data-testid=process-save]").Click());

        cut.WaitForAssertion(() => Assert.Contains("?saved=1", Navigation.Uri, StringComparison.Ordinal));
        var admin = Service<ProcessAdmin>();
        var row = (await admin.ListAsync()).Single(r => r.Name == name);
        var condition = Assert.Single((await admin.GetAsync(row.Id))!.Definition.Activities);
        var branches = ProcessActivities.BranchesOf(condition);
        Assert.Equal(2, branches.Count);
        Assert.Equal(new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Equal, "100000"), Assert.Single(branches[0].Conditions) with { Stages = null });
        Assert.True(branches[1].IsElse);
    }

    [Fact]
    public async Task AWait_OffersItsModes_AndAsksForADateFieldOnlyUntilADate()
    {
        var cut = Open();
        await AddTopActivityAsync(cut, ProcessActivities.Wait);

        Assert.NotEmpty(cut.FindAll("[data-testid=process-wait-amount]"));
        Assert.Empty(cut.FindAll("[data-testid=process-wait-date]"));
        cut.Find("[data-testid=process-wait-mode]").MouseDown();
        var modes = _popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Equal(["For a time", "Until a date of the record", "Until the stage changes"], modes);
        await _popovers.InvokeAsync(() => _popovers.FindAll(".mud-popover-open .mud-list-item")[1].Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=process-wait-date]")));
    }

    private IRenderedComponent<ProcessEditorPage> Open()
    {
        _popovers = Render<MudPopoverProvider>();
        var cut = Render<ProcessEditorPage>(p => p.Add(x => x.Id, (long?)null));
        cut.WaitForElement("[data-testid=process-save]");
        return cut;
    }

    private async Task<IRenderedComponent<ProcessEditorPage>> OpenWithAConditionAsync()
    {
        var cut = Open();
        await AddTopActivityAsync(cut, ProcessActivities.Condition);
        return cut;
    }

    /// <summary>Adds to the process's own list, whose menu comes after every branch's.</summary>
    private async Task AddTopActivityAsync(IRenderedComponent<ProcessEditorPage> cut, string kind)
    {
        var before = TopKinds(cut).Count;
        await cut.InvokeAsync(() => cut.FindAll("[data-testid=process-activity-add]")[^1].Click());
        _popovers.WaitForElement($"[data-testid='process-activity-add-{kind}']");
        await _popovers.InvokeAsync(() => _popovers.Find($"[data-testid='process-activity-add-{kind}']").Click());
        cut.WaitForAssertion(() => Assert.Equal(before + 1, TopKinds(cut).Count));
    }

    /// <summary>The operator select's choices (closed again after reading).</summary>
    private List<string> Operators(IRenderedComponent<ProcessEditorPage> cut)
    {
        cut.Find("[data-testid=process-condition-operator]").MouseDown();
        var items = _popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();
        cut.Find("[data-testid=process-condition-operator]").MouseDown();
        return items;
    }

    private static List<string> BranchTitles(IRenderedComponent<ProcessEditorPage> cut) =>
        cut.FindAll("[data-testid=process-branch-title]").Select(t => t.TextContent.Trim()).ToList();

    /// <summary>The kinds of the process's own activities (not those in branches), in order.</summary>
    private static List<string?> TopKinds(IRenderedComponent<ProcessEditorPage> cut) =>
        cut.FindAll(Activity).Where(a => a.GetAttribute("data-field") is { } field && !field.Contains(".Branch.", StringComparison.Ordinal))
            .Select(a => a.GetAttribute("data-kind")).ToList();
}
