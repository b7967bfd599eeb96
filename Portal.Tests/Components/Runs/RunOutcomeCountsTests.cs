using Portal.Domain.Runs;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

public sealed class RunOutcomeCountsTests : ComponentTestBase
{
    [Fact]
    public void OutcomesWithRuns_AreCounted_InTheUsersLanguage_AndThoseWithoutAreLeftOut()
    {
        UseCulture("ru");
        var counts = new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.Completed] = 1_200, [RunOutcomeKind.Stopped] = 0 };

        var cut = Render<RunOutcomeCounts>(p => p.Add(c => c.Counts, counts).Add(c => c.TestIdPrefix, "day"));

        Assert.Contains("1 200", cut.Find("[data-testid=day-Completed]").TextContent.Replace('\u00A0', ' '), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=day-Stopped]"));
    }
}
