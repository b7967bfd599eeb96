using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Crm;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Contacts;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Crm;

/// <summary>"New …" on a list: the button opens its dialog, an empty name is refused on the field, a good one creates and opens the card.</summary>
public sealed class NewRecordDialogTests(PortalServices portal) : CrmCardTestBase(portal)
{
    [Fact]
    public async Task NewContact_RefusesAnEmptyFirstName_ThenCreatesIt_AndOpensItsCard()
    {
        var (_, access) = await ManagerAsync("New Contact Manager");
        var dialogs = Render<MudDialogProvider>();
        var button = Render<NewRecordButton>(p => p.Add(c => c.Access, access).Add(c => c.EntityType, CrmEntityType.Contact));

        Assert.Equal("New contact", button.Find("[data-testid=new-Contact]").TextContent.Trim());
        CreateEmpty(button, "new-Contact", dialogs, "new-record-create", "error-FirstName");

        dialogs.Find("[data-testid=new-record-first]").Change("Пётр");
        dialogs.Find("[data-testid=new-record-second]").Change("Сидоров");
        dialogs.Find("[data-testid=new-record-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Matches("^/crm/contacts/[0-9]+$", NavigatedTo()));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        var (_, card) = await Service<ContactCard>().GetAsync(access, NavigatedToId());
        Assert.Equal(("Пётр", "Сидоров"), (card!.FirstName, card.LastName));
    }

    [Fact]
    public async Task NewDeal_FromTheButtonTheDealsListUses_RefusesAnEmptyTitle_ThenCreatesIt()
    {
        var (user, access) = await ManagerAsync("New Deal Manager");
        var dialogs = Render<MudDialogProvider>();
        var button = Render<NewRecordButton>(p => p
            .Add(c => c.Access, access).Add(c => c.EntityType, CrmEntityType.Deal).Add(c => c.TestId, "deals-new"));

        Assert.Equal("New deal", button.Find("[data-testid=deals-new]").TextContent.Trim());
        CreateEmpty(button, "deals-new", dialogs, "new-deal-create", "error-Title");

        dialogs.Find("[data-testid=new-deal-title]").Change("Dialog deal");
        dialogs.Find("[data-testid=new-deal-amount]").Change("2500");
        dialogs.Find("[data-testid=new-deal-create]").Click();

        dialogs.WaitForAssertion(() => Assert.Matches("^/crm/deals/[0-9]+$", NavigatedTo()));
        var (_, card) = await Service<DealCard>().GetAsync(access, NavigatedToId());
        Assert.Equal(("Dialog deal", 2500m, user.Id), (card!.Title, card.Amount, card.ResponsibleId));
    }

    [Fact]
    public async Task Cancel_ClosesTheDialog_AndCreatesNothing()
    {
        var (_, access) = await ManagerAsync("Cancelling Manager");
        var dialogs = Render<MudDialogProvider>();
        var button = Render<NewRecordButton>(p => p.Add(c => c.Access, access).Add(c => c.EntityType, CrmEntityType.Company));

        button.Find("[data-testid=new-Company]").Click();
        dialogs.WaitForElement("[data-testid=new-record-create]:not([disabled])"); // loaded: it renders no more by itself
        dialogs.Find("[data-testid=new-record-first]").Change("Never made Ltd");
        // Found and clicked in one turn of the renderer: the dialog may re-render in between otherwise.
        await dialogs.InvokeAsync(() => Button(dialogs, "Cancel").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Null(NavigatedTo());
        var companies = await Service<CompanyQueries>().ListAsync(access, new CompanyFilter("Never made"), new PageRequest(0, 10));
        Assert.Equal(0, companies.Total);
    }

    [Fact]
    public async Task WithoutTheAddRight_ThereIsNoNewButton()
    {
        var readOnly = await Data.DealRoleAsync(RightScope.All, CrmAction.Read);
        var (_, access) = await ManagerAsync("Reading Manager", readOnly);

        var button = Render<NewRecordButton>(p => p.Add(c => c.Access, access).Add(c => c.EntityType, CrmEntityType.Deal));

        Assert.Empty(button.FindAll("button"));
    }

    /// <summary>Opens the dialog and clicks Create with the name empty: refused on the field, nothing opened.</summary>
    private void CreateEmpty(IRenderedComponent<NewRecordButton> button, string buttonId, IRenderedComponent<MudDialogProvider> dialogs, string createId, string errorId)
    {
        button.Find($"[data-testid={buttonId}]").Click();
        dialogs.WaitForElement($"[data-testid={createId}]:not([disabled])").Click();

        Assert.Equal("This field is required.", dialogs.WaitForElement($"[data-testid='{errorId}']").TextContent.Trim());
        Assert.Null(NavigatedTo());
    }
}
