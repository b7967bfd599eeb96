using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Crm;

/// <summary>A card's timeline panel on a real database: the comment box writes through the Timeline service.</summary>
public sealed class TimelinePanelTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task AddComment_WritesItOnTheRecordsTimeline_AndEmptiesTheBox()
    {
        var (access, deal) = await OwnDealAsync("comment");
        var commented = 0;
        var cut = RenderPanel(access, deal, () => commented++);

        cut.Find("[data-testid=timeline-comment]").Change("Called the client");
        cut.Find("[data-testid=timeline-add-comment]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, commented));
        var lines = await Service<Timeline>().ReadAsync(access, CrmEntityType.Deal, deal.Id);
        Assert.Contains(lines!, line => line is { Kind: TimelineKind.Comment, Text: "Called the client" });
        Assert.Empty(cut.Find("[data-testid=timeline-comment]").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task EmptyComment_IsRefusedOnTheField_InTheUsersLanguage_AndNothingIsWritten()
    {
        var (access, deal) = await OwnDealAsync("empty comment");
        UseCulture("ru");
        var commented = 0;
        var cut = RenderPanel(access, deal, () => commented++);

        cut.Find("[data-testid=timeline-comment]").Change("   ");
        cut.Find("[data-testid=timeline-add-comment]").Click();

        var error = cut.WaitForElement("[data-testid=error-Text]");
        Assert.Equal("Это поле обязательно.", error.TextContent.Trim());
        Assert.Equal(0, commented);
        var lines = await Service<Timeline>().ReadAsync(access, CrmEntityType.Deal, deal.Id);
        Assert.DoesNotContain(lines!, line => line.Kind == TimelineKind.Comment);
    }

    [Fact]
    public async Task WithoutCommenting_TheTimelineShowsNoCommentBox()
    {
        var (access, deal) = await OwnDealAsync("read only");

        var cut = Render<TimelinePanel>(p => p
            .Add(c => c.Access, access)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.EntityId, deal.Id)
            .Add(c => c.Lines, [])
            .Add(c => c.CanComment, false));

        Assert.Empty(cut.FindAll("[data-testid=timeline-comment]"));
        Assert.Contains("Nothing here yet.", cut.Find("[data-testid=timeline]").TextContent, StringComparison.Ordinal);
    }

    private IRenderedComponent<TimelinePanel> RenderPanel(CrmAccessContext access, Deal deal, Action commented) =>
        Render<TimelinePanel>(p => p
            .Add(c => c.Access, access)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.EntityId, deal.Id)
            .Add(c => c.Lines, [])
            .Add(c => c.CanComment, true)
            .Add(c => c.Commented, commented));

    private async Task<(CrmAccessContext Access, Deal Deal)> OwnDealAsync(string title)
    {
        var me = await Data.UserAsync($"Commenter {title}", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync(title, me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        return (await Service<CrmAccess>().ForUserAsync(me.Id), deal);
    }
}
