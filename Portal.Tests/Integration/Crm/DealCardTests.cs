using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

public class DealCardTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private DealCard Cards => app.Services.GetRequiredService<DealCard>();

    [Fact]
    public async Task SecondEditorWithAnOldVersion_GetsAConflict_AndNothingIsOverwritten()
    {
        var (access, deal) = await OwnDealAsync("concurrency");
        var (_, opened) = await Cards.GetAsync(access, deal.Id);

        var first = await Cards.UpdateAsync(access, deal.Id, Edit(opened!, title: "first editor"));
        var second = await Cards.UpdateAsync(access, deal.Id, Edit(opened!, title: "second editor"));

        Assert.Equal(CommandStatus.Ok, first.Status);
        Assert.Equal(CommandStatus.Conflict, second.Status);
        Assert.Equal("first editor", (await Cards.GetAsync(access, deal.Id)).Card!.Title);
    }

    [Theory]
    [InlineData("", 10, "Title", CrmValidation.Required)]
    [InlineData("   ", 10, "Title", CrmValidation.Required)]
    [InlineData("ok", -1, "Amount", CrmValidation.Negative)]
    public async Task BadInput_IsRefusedWithTheField_AndNothingIsSaved(string title, decimal amount, string field, string reason)
    {
        var (access, deal) = await OwnDealAsync("bad input");
        var (_, opened) = await Cards.GetAsync(access, deal.Id);

        var result = await Cards.UpdateAsync(access, deal.Id, Edit(opened!, title: title, amount: amount, source: "changed source"));

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal(field, result.Field);
        Assert.Equal(reason, result.Reason);
        var (_, after) = await Cards.GetAsync(access, deal.Id);
        Assert.Equal("bad input", after!.Title);
        Assert.Null(after.Source);
        Assert.Equal(opened!.Version, after.Version);
    }

    [Fact]
    public async Task TenThousandCharacterTitle_IsRefusedWithTheLimit()
    {
        var (access, deal) = await OwnDealAsync("long title");
        var (_, opened) = await Cards.GetAsync(access, deal.Id);

        var result = await Cards.UpdateAsync(access, deal.Id, Edit(opened!, title: new string('x', 10_000)));

        Assert.Equal(CrmValidation.TooLong, result.Reason);
        Assert.Equal(Deal.TitleMaxLength, result.Limit);
    }

    [Fact]
    public async Task StageChange_IsSavedAndWrittenToTheTimeline_AndCommentsComeNewestFirst()
    {
        var (access, deal) = await OwnDealAsync("stage change");
        var (_, opened) = await Cards.GetAsync(access, deal.Id);

        Assert.True((await Cards.UpdateAsync(access, deal.Id, Edit(opened!, stageId: 3))).Succeeded);
        Assert.True((await app.Services.GetRequiredService<Timeline>().AddCommentAsync(access, CrmEntityType.Deal, deal.Id, "<script>alert(1)</script> called the client")).Succeeded);
        var empty = await app.Services.GetRequiredService<Timeline>().AddCommentAsync(access, CrmEntityType.Deal, deal.Id, "  ");

        var (_, card) = await Cards.GetAsync(access, deal.Id);
        Assert.Equal(3, card!.StageId);
        Assert.Equal(CommandStatus.Invalid, empty.Status);
        Assert.Collection(
            card.Timeline,
            comment => Assert.Equal("<script>alert(1)</script> called the client", comment.Text),
            system => Assert.Equal("New → Invoice sent", system.Text));
    }

    [Fact]
    public async Task Linking_AReadableContact_Works_AndAColleaguesContact_IsRefused()
    {
        var (access, deal) = await OwnDealAsync("linking");
        var mine = await _data.ContactAsync("Linked", "Mine", await UserOfAsync(access));
        var colleague = await _data.UserAsync("Link colleague", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var theirs = await _data.ContactAsync("Linked", "Theirs", colleague);
        var (_, opened) = await Cards.GetAsync(access, deal.Id);

        var refused = await Cards.UpdateAsync(access, deal.Id, Edit(opened!) with { ContactId = theirs.Id });
        var linked = await Cards.UpdateAsync(access, deal.Id, Edit(opened!) with { ContactId = mine.Id });

        Assert.Equal((CommandStatus.Invalid, "ContactId"), (refused.Status, refused.Field));
        Assert.True(linked.Succeeded);
        var (_, after) = await Cards.GetAsync(access, deal.Id);
        Assert.Equal((mine.Id, "Linked Mine"), (after!.ContactId!.Value, after.ContactName));
    }

    private async Task<PortalUser> UserOfAsync(CrmAccessContext access)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByIdAsync(access.Rights.UserId)
            ?? throw new InvalidOperationException("The test user vanished.");
    }

    private async Task<(CrmAccessContext Access, Deal Deal)> OwnDealAsync(string title)
    {
        var me = await _data.UserAsync($"Editor {title}", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await _data.DealAsync(title, me);
        return (await app.Services.GetRequiredService<CrmAccess>().ForUserAsync(me.Id), deal);
    }

    private static DealEdit Edit(DealCardData card, string? title = null, decimal? amount = null, int? stageId = null, string? source = null) =>
        new(title ?? card.Title, stageId ?? card.StageId, amount ?? card.Amount, card.Currency, card.ResponsibleId, source ?? card.Source, card.Version,
            card.ContactId, card.CompanyId);
}
