using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

public sealed class UncertainMessagesAlertTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public void AManager_IsToldOfUncertainMessages_ButIsNotOfferedToSendThemAgain()
    {
        var cut = Render<UncertainMessagesAlert>(p => p.Add(c => c.Run, Run(uncertain: 2, admin: false)).Add(c => c.UserId, "someone"));

        Assert.Contains("2", cut.Find("[data-testid=run-uncertain]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=run-send-uncertain-again]"));
    }

    [Fact]
    public void NoUncertainMessages_NoAlert()
    {
        var cut = Render<UncertainMessagesAlert>(p => p.Add(c => c.Run, Run(uncertain: 0, admin: true)).Add(c => c.UserId, "someone"));

        Assert.Empty(cut.FindAll("[data-testid=run-uncertain]"));
    }

    [Fact]
    public async Task AnAdministrator_IsAskedBeforeSendingAgain_AndCancelSendsNothing()
    {
        var done = new List<string>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UncertainMessagesAlert>(p => p
            .Add(c => c.Run, Run(uncertain: 3, admin: true))
            .Add(c => c.UserId, "admin")
            .Add(c => c.Done, text => done.Add(text)));

        cut.Find("[data-testid=run-send-uncertain-again]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("3", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(done);
    }

    private static RunSummary Run(int uncertain, bool admin) => new(
        1, 1, "Scenario", 1, CrmEntityType.Deal, RunStatus.Completed, RunSource.Ui, "Admin", "Admin", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow,
        DateTimeOffset.UtcNow, 3, new Dictionary<ItemStatus, int> { [ItemStatus.Completed] = 3 }, null, new Dictionary<string, string>(), true)
    {
        UncertainMessages = uncertain,
        MaySendUncertainAgain = admin,
    };
}
