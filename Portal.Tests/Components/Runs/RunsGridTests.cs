using Bunit;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>One page of the runs list: its counts, its runs, and the pager to older and newer pages.</summary>
public sealed class RunsGridTests : ComponentTestBase
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheNewestPage_ListsItsRuns_AndOffersOnlyTheOlderOnes()
    {
        var older = 0;
        var page = new RunLogPage([Row(12, "Welcome call"), Row(11, "Reminder")], Next: new RunCursor(Now.AddHours(-2), 11));
        var counts = new RunCounts(new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.Completed] = 30 });
        var cut = Render<RunsGrid>(p => p.Add(c => c.Page, page).Add(c => c.Counts, counts).Add(c => c.PageNumber, 1).Add(c => c.OnOlder, () => older++));

        Assert.Equal("Runs found: 30", cut.Find("[data-testid=runlog-total]").TextContent.Trim());
        Assert.Equal(["/runs/12", "/runs/11"], cut.FindAll("[data-testid=runs-link]").Select(a => a.GetAttribute("href")));
        Assert.Equal("Page 1", cut.Find("[data-testid=runlog-page-number]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=runlog-newer]").HasAttribute("disabled"));

        cut.Find("[data-testid=runlog-older]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, older));
    }

    [Fact]
    public void TheOldestPage_OffersOnlyTheNewerOnes()
    {
        var newer = 0;
        var page = new RunLogPage([Row(3, "Welcome call")], Next: null);
        var cut = Render<RunsGrid>(p => p.Add(c => c.Page, page).Add(c => c.PageNumber, 2).Add(c => c.OnNewer, () => newer++));

        Assert.Equal("Page 2", cut.Find("[data-testid=runlog-page-number]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=runlog-older]").HasAttribute("disabled"));

        cut.Find("[data-testid=runlog-newer]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, newer));
    }

    [Fact]
    public void AFilterThatFindsNothing_SaysSo_InsteadOfAnEmptyGrid()
    {
        var cut = Render<RunsGrid>(p => p.Add(c => c.Page, new RunLogPage([], null)).Add(c => c.Counts, new RunCounts(new Dictionary<RunOutcomeKind, int>())));

        Assert.Equal("No runs match the filter.", cut.Find("[data-testid=runs-empty]").TextContent.Trim());
        Assert.Equal("Runs found: 0", cut.Find("[data-testid=runlog-total]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=runs-list]"));
        Assert.Empty(cut.FindAll("[data-testid=runlog-pager]"));
    }

    private static RunLogRow Row(long id, string scenario) =>
        new(id, 1, scenario, CrmEntityType.Deal, RunStatus.Completed, 3, 0, "Ann Smith", Now.AddHours(-id), RunSource.Ui);
}
