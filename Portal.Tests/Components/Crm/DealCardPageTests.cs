using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Crm;

/// <summary>The deal card: its form's field errors, the conflict with someone else's save, what a reader sees, the timeline.</summary>
public sealed class DealCardPageTests(PortalServices portal) : CrmCardTestBase(portal)
{
    [Fact]
    public async Task AnEmptyTitle_IsRefusedOnTheField_AndAFixedTitleSaves_AndTheErrorGoes()
    {
        var (user, access) = await ManagerAsync("Title Manager");
        var deal = await Data.DealAsync("Deal with a title", user);
        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        cut.WaitForElement("[data-testid=deal-edit-title]").Change("");
        cut.Find("[data-testid=card-save]").Click();

        var error = cut.WaitForElement("[data-testid=error-Title]");
        Assert.Equal("This field is required.", error.TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid=deal-edit-title]").GetAttribute("aria-invalid"));
        Assert.Equal("Deal with a title", (await Service<DealCard>().GetAsync(access, deal.Id)).Card!.Title);

        cut.Find("[data-testid=deal-edit-title]").Change("Deal renamed");
        cut.Find("[data-testid=card-save]").Click();

        cut.WaitForElement("[data-testid=card-saved]");
        Assert.Empty(cut.FindAll("[data-testid=error-Title]"));
        Assert.Equal("Deal renamed", cut.Find("[data-testid=card-title]").TextContent.Trim());
        Assert.Equal("Deal renamed", (await Service<DealCard>().GetAsync(access, deal.Id)).Card!.Title);
    }

    [Fact]
    public async Task AnErrorReads_InTheUsersLanguage()
    {
        var (user, _) = await ManagerAsync("Russian Manager");
        var deal = await Data.DealAsync("Сделка", user);
        UseCulture("ru");
        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        cut.WaitForElement("[data-testid=deal-edit-title]").Change(" ");
        cut.Find("[data-testid=card-save]").Click();

        Assert.Equal("Это поле обязательно.", cut.WaitForElement("[data-testid=error-Title]").TextContent.Trim());
    }

    [Fact]
    public async Task ARecordChangedMeanwhile_ShowsTheConflict_KeepsTheirChange_AndReloadShowsIt()
    {
        var (user, access) = await ManagerAsync("Conflict Manager");
        var deal = await Data.DealAsync("Deal as opened", user);
        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));
        cut.WaitForElement("[data-testid=deal-edit-title]");

        var opened = (await Service<DealCard>().GetAsync(access, deal.Id)).Card!;
        var theirs = await Service<DealCard>().UpdateAsync(access, deal.Id, new DealEdit(
            "Deal as they saved it", opened.StageId, opened.Amount, opened.Currency, opened.ResponsibleId, opened.Source, opened.Version));
        Assert.Equal(CommandStatus.Ok, theirs.Status);

        cut.Find("[data-testid=deal-edit-title]").Change("Deal as I typed it");
        cut.Find("[data-testid=card-save]").Click();

        var conflict = cut.WaitForElement("[data-testid=card-conflict]");
        Assert.Contains("Someone else", conflict.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=card-saved]"));
        Assert.Equal("Deal as they saved it", (await Service<DealCard>().GetAsync(access, deal.Id)).Card!.Title);

        cut.Find("[data-testid=card-reload]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=card-conflict]")));
        Assert.Equal("Deal as they saved it", cut.Find("[data-testid=card-title]").TextContent.Trim());
        Assert.Equal("Deal as they saved it", cut.Find("[data-testid=deal-edit-title]").GetAttribute("value"));
    }

    [Fact]
    public async Task AReader_SeesTheDeal_ButNoSaveDeleteOrCommentBox()
    {
        var owner = await Data.UserAsync("Deal Owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("Deal to read", owner);
        var readOnly = await Data.DealRoleAsync(RightScope.All, CrmAction.Read);
        await ManagerAsync("Deal Reader", readOnly);

        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        Assert.Equal("Deal to read", cut.WaitForElement("[data-testid=card-title]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=card-read-only]"));
        Assert.Empty(cut.FindAll("[data-testid=card-save]"));
        Assert.Empty(cut.FindAll("[data-testid=card-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=timeline-comment]"));
        Assert.True(cut.Find("[data-testid=deal-edit-title]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AManagerWithTheRights_SeesSaveAndDelete()
    {
        var (user, _) = await ManagerAsync("Deal Editor");
        var deal = await Data.DealAsync("Deal to edit", user);

        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        cut.WaitForElement("[data-testid=card-save]");
        Assert.NotNull(cut.Find("[data-testid=card-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=card-read-only]"));
        Assert.False(cut.Find("[data-testid=deal-edit-title]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ACommentAdded_OnTheCard_ShowsUpOnItsTimeline()
    {
        var (user, _) = await ManagerAsync("Commenting Manager");
        var deal = await Data.DealAsync("Deal to comment", user);
        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        cut.WaitForElement("[data-testid=timeline-comment]").Change("Sends the papers <b>tomorrow</b>");
        // Found and clicked in one go: the card may render again (its first load finishing) between the two.
        await cut.InvokeAsync(() => cut.Find("[data-testid=timeline-add-comment]").Click());

        cut.WaitForAssertion(() => Assert.Contains(
            "Sends the papers <b>tomorrow</b>", cut.Find("[data-testid=timeline]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=timeline] b"));
    }

    [Fact]
    public async Task AnotherUsersDeal_IsNotShown_ToAManagerOfOwnRecords()
    {
        var owner = await Data.UserAsync("Private Owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("Private deal", owner);
        await ManagerAsync("Curious Manager");

        var cut = Render<DealCardPage>(p => p.Add(c => c.Id, deal.Id));

        cut.WaitForElement("[data-testid=no-access]");
        Assert.DoesNotContain("Private deal", cut.Markup, StringComparison.Ordinal);
    }
}
