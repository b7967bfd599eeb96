using Bunit;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Launch;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The "Scenarios" menu of a CRM list: what it offers, to whom, and when.</summary>
public sealed class LaunchMenuTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task WithNothingTicked_TheMenuIsDisabled_AndSaysWhy()
    {
        var (_, access) = await ManagerAsync(CrmAction.Read, CrmAction.Automation);

        var cut = RenderMenu(access, new EntitySelection());

        Assert.True(cut.Find("[data-testid=deals-scenarios]").HasAttribute("disabled"));
        Assert.Equal("Tick records in the list to launch a smart scenario on them", cut.Find("[data-testid=deals-scenarios-hint]").GetAttribute("title"));
    }

    [Fact]
    public async Task WithoutTheAutomationRight_ThereIsNoMenu()
    {
        var (_, access) = await ManagerAsync(CrmAction.Read);

        var cut = RenderMenu(access, Ticked(1));

        Assert.Empty(cut.FindAll("[data-testid=deals-scenarios]"));
    }

    [Fact]
    public async Task Opened_ListsOnlyTheActiveScenariosOfTheListsType()
    {
        var (_, access) = await ManagerAsync(CrmAction.Read, CrmAction.Automation);
        var user = await Data.AdminAsync();
        var admin = Service<ScenarioAdmin>();
        var active = await admin.CreateAsync(user.Id, Unique("Active deal"), CrmEntityType.Deal, true, FixedComment("hi"));
        var inactive = await admin.CreateAsync(user.Id, Unique("Inactive deal"), CrmEntityType.Deal, false, FixedComment("hi"));
        var contacts = await admin.CreateAsync(user.Id, Unique("Active contact"), CrmEntityType.Contact, true, FixedComment("hi"));
        var popovers = Render<MudPopoverProvider>();

        var cut = RenderMenu(access, Ticked(1));
        cut.Find("[data-testid=deals-scenarios]").Click();

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll($"[data-testid=launch-scenario-{active}]")));
        Assert.Contains("Smart scenarios", popovers.Find("[data-testid=launch-menu]").TextContent);
        Assert.Empty(popovers.FindAll($"[data-testid=launch-scenario-{inactive}]"));
        Assert.Empty(popovers.FindAll($"[data-testid=launch-scenario-{contacts}]"));
    }

    private static EntitySelection Ticked(long id)
    {
        var selection = new EntitySelection();
        selection.Toggle(id, true);
        return selection;
    }

    private async Task<(Portal.Data.PortalUser User, CrmAccessContext Access)> ManagerAsync(params CrmAction[] actions)
    {
        var user = await Data.UserAsync("Launch menu user", null, PortalRoles.Manager, await Data.DealRoleAsync(RightScope.All, actions));
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        return (user, await Service<CrmAccess>().ForUserAsync(user.Id));
    }

    private IRenderedComponent<LaunchMenu> RenderMenu(CrmAccessContext access, EntitySelection selection) =>
        Render<LaunchMenu>(p => p
            .Add(c => c.Access, access)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.Selection, selection)
            .Add(c => c.SelectedIds, _ => Task.FromResult<IReadOnlyList<long>>([.. selection.Ids]))
            .Add(c => c.TestId, "deals"));
}
