using Bunit;
using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Settings;

/// <summary>The CRM roles page on a real database: what the administrator clicks in the matrix is what the role keeps.</summary>
public sealed class CrmRolesPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task NewRole_SavesTheScopesClickedInTheMatrix_AndNothingElse()
    {
        var admin = await SignInAsAdministratorAsync();
        var popovers = Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<CrmRolesPage>();
        cut.WaitForElement("[data-testid=crm-role-delete]"); // the first stored role is open: the page has loaded
        cut.Find("[data-testid=crm-role-new]").Click();

        cut.Find("[data-testid=crm-role-name]").Change("Clicked role");
        ChooseScope(cut, popovers, "scope-Deal-Read", "Department and sub-departments");
        ChooseScope(cut, popovers, "scope-Contact-Edit", "Own");
        cut.Find("[data-testid=crm-role-manages-scenarios]").Change(true);
        cut.Find("[data-testid=crm-role-save]").Click();

        snackbars.WaitForElement("[data-testid=crm-role-saved]");
        var summary = Assert.Single((await Service<CrmRoleAdmin>().ListAsync(admin.Id))!, r => r.Name == "Clicked role");
        var saved = await Service<CrmRoleAdmin>().GetAsync(admin.Id, summary.Id);
        Assert.NotNull(saved);
        Assert.True(saved.ManagesScenarios);
        foreach (var type in Enum.GetValues<CrmEntityType>())
        {
            foreach (var action in Enum.GetValues<CrmAction>())
            {
                var expected = (type, action) switch
                {
                    (CrmEntityType.Deal, CrmAction.Read) => RightScope.DepartmentAndSubdepartments,
                    (CrmEntityType.Contact, CrmAction.Edit) => RightScope.Own,
                    _ => RightScope.None,
                };
                Assert.True(expected == saved[type, action], $"{type} {action}: {saved[type, action]}");
            }
        }

        Assert.Contains("Dept. + sub", cut.Find("[data-testid=scope-Deal-Read]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingWithoutAName_SaysSoOnTheField_AndSavesNothing()
    {
        await SignInAsAdministratorAsync();
        var cut = Render<CrmRolesPage>();
        cut.WaitForElement("[data-testid=crm-role-delete]"); // the first stored role is open: the page has loaded
        cut.Find("[data-testid=crm-role-new]").Click();

        cut.Find("[data-testid=crm-role-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Give the role a name.", cut.Markup, StringComparison.Ordinal));
    }

    private static void ChooseScope(IRenderedComponent<CrmRolesPage> page, IRenderedComponent<MudPopoverProvider> popovers, string testId, string scope)
    {
        page.Find($"[data-testid={testId}]").Click();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-popover-open .mud-menu-item"), i => i.TextContent.Trim() == scope));
        popovers.FindAll(".mud-popover-open .mud-menu-item").Single(i => i.TextContent.Trim() == scope).Click();
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open")));
    }
}
