using Bunit;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The scenario list on a real database: switching a scenario on and off, searching, and what a reader may do.</summary>
public sealed class ScenarioListPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task TheActiveSwitch_SwitchesTheScenarioOnAndOff()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Switch me"), CrmEntityType.Deal, false, FixedComment("hi"));
        var cut = Render<ScenarioListPage>();

        cut.WaitForElement($"[data-testid=scenario-active-{id}]").Change(true);

        await ActiveIsAsync(id, true);
        cut.WaitForAssertion(() => Assert.True(cut.Find($"[data-testid=scenario-active-{id}]").HasAttribute("checked")));
        cut.Find($"[data-testid=scenario-active-{id}]").Change(false);
        await ActiveIsAsync(id, false);
    }

    [Fact]
    public async Task Search_KeepsTheMatchingScenarios_AndSaysWhenATypeHasNone()
    {
        var admin = await SignedInAdminAsync();
        var scenarios = Service<ScenarioAdmin>();
        var wanted = Unique("Findable");
        var found = await scenarios.CreateAsync(admin, wanted, CrmEntityType.Deal, false, FixedComment("hi"));
        var other = await scenarios.CreateAsync(admin, Unique("Elsewhere"), CrmEntityType.Deal, false, FixedComment("hi"));
        var cut = Render<ScenarioListPage>();
        cut.WaitForElement($"[data-testid=scenario-row-{other}]");

        cut.Find("[data-testid=scenario-search]").Input(wanted);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=scenario-row-{other}]")));
        Assert.NotEmpty(cut.FindAll($"[data-testid=scenario-row-{found}]"));
        Assert.Equal("No scenario matches the search.", cut.Find("[data-testid=scenario-group-empty-Company]").TextContent.Trim());
    }

    [Fact]
    public async Task Delete_AsksFirst_AndRemovesTheScenarioOnlyWhenConfirmed()
    {
        var admin = await SignedInAdminAsync();
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Delete me"), CrmEntityType.Lead, false, FixedComment("hi"));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ScenarioListPage>();

        cut.WaitForElement($"[data-testid=scenario-delete-{id}]").Click();
        dialogs.WaitForElement(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.NotNull(await Service<ScenarioAdmin>().GetAsync(id));

        cut.Find($"[data-testid=scenario-delete-{id}]").Click();
        dialogs.WaitForElement(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=scenario-row-{id}]")));
        Assert.Null(await Service<ScenarioAdmin>().GetAsync(id));
    }

    [Fact]
    public async Task AManagerWithoutTheScenarioRight_SeesTheStateButCannotChangeIt()
    {
        var admin = (await Data.AdminAsync()).Id;
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, Unique("Read only"), CrmEntityType.Deal, true, FixedComment("hi"));
        var reader = await Data.UserAsync("Scenario reader", null, PortalRoles.Manager);
        SignIn(reader.Id, reader.DisplayName, PortalRoles.Manager);

        var cut = Render<ScenarioListPage>();

        Assert.Equal("Active", cut.WaitForElement($"[data-testid=scenario-state-{id}]").TextContent.Trim());
        Assert.Empty(cut.FindAll($"[data-testid=scenario-active-{id}]"));
        Assert.Empty(cut.FindAll($"[data-testid=scenario-delete-{id}]"));
        Assert.Empty(cut.FindAll("[data-testid=scenario-create]"));
    }

    [Fact]
    public async Task Duplicate_AddsACopyNamedAfterTheOriginal_SwitchedOff()
    {
        var admin = await SignedInAdminAsync();
        var name = Unique("Original");
        var id = await Service<ScenarioAdmin>().CreateAsync(admin, name, CrmEntityType.Contact, true, FixedComment("hi"));
        var cut = Render<ScenarioListPage>();

        cut.WaitForElement($"[data-testid=scenario-duplicate-{id}]");
        await cut.InvokeAsync(() => cut.Find($"[data-testid=scenario-duplicate-{id}]").Click());

        var copy = cut.WaitForElement($"[data-testid=scenario-group-Contact] tr[data-name='{name} (copy)']");
        Assert.False(copy.QuerySelector("[data-testid^=scenario-active-]")!.HasAttribute("checked"));
        Assert.Single(await Service<ScenarioAdmin>().ListAsync(name), s => s.Name == $"{name} (copy)");
    }

    [Fact]
    public async Task MovingDown_PutsTheScenarioAfterTheNextOneOfItsType()
    {
        var admin = await SignedInAdminAsync();
        var scenarios = Service<ScenarioAdmin>();
        var prefix = Unique("Ordered");
        var first = await scenarios.CreateAsync(admin, $"{prefix} A", CrmEntityType.Company, false, FixedComment("hi"));
        var second = await scenarios.CreateAsync(admin, $"{prefix} B", CrmEntityType.Company, false, FixedComment("hi"));
        var cut = Render<ScenarioListPage>();
        cut.Find("[data-testid=scenario-search]").Input(prefix);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=scenario-group-Company] tbody tr").Count));
        Assert.True(cut.Find($"[data-testid=scenario-up-{first}]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Find($"[data-testid=scenario-down-{first}]").Click());

        cut.WaitForAssertion(() => Assert.Equal(
            [$"scenario-row-{second}", $"scenario-row-{first}"],
            cut.FindAll("[data-testid=scenario-group-Company] tbody tr").Select(r => r.GetAttribute("data-testid"))));
        Assert.True(cut.Find($"[data-testid=scenario-down-{first}]").HasAttribute("disabled"));
    }

    private Task<string> ActiveIsAsync(long id, bool active) =>
        Eventually.GetAsync(async () => (await Service<ScenarioAdmin>().GetAsync(id))?.IsActive == active ? "yes" : null, TimeSpan.FromSeconds(10), $"scenario {id} active: {active}");

    private async Task<string> SignedInAdminAsync()
    {
        var admin = await Data.AdminAsync();
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        return admin.Id;
    }
}
