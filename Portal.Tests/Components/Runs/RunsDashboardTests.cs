using Bunit;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>The run log's dashboard above the runs list: what it shows of a day or a filtered period, and its failing scenarios' filter button.</summary>
public sealed class RunsDashboardTests : ComponentTestBase
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ADay_ShowsItsRunsPerOutcome_ItsErrorsLinkingToTheSearch_AndItsFailingScenarios()
    {
        SignIn("manager", "Manager", PortalRoles.Manager);
        var day = Day(
            new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.Completed] = 1_500, [RunOutcomeKind.CompletedWithFailures] = 2 },
            [new ErrorCodeCount(ErrorCodes.PhoneMissing, 7)],
            [new FailingScenario(42, "Welcome call", FailedItems: 7, FailedRuns: 1, Runs: 31)]);

        var cut = Render<RunsDashboard>(p => p.Add(c => c.Dashboard, day));

        Assert.Equal("Completed: 1,500", cut.Find("[data-testid=runlog-day-Completed]").TextContent.Trim());
        var error = cut.Find($"[data-testid='runlog-error-{ErrorCodes.PhoneMissing}']");
        Assert.Contains("The record has no phone number", error.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/runs/search?error={ErrorCodes.PhoneMissing}", error.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("7", error.QuerySelector("[data-testid=runlog-error-count]")!.TextContent.Trim());
        var failing = cut.Find("[data-testid=runlog-failing-42]");
        Assert.Equal("/scenarios/42", failing.QuerySelector("a[data-testid=runlog-failing-scenario]")!.GetAttribute("href"));
        Assert.Contains("7 failed in 1 of 31 runs", failing.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuietDay_SaysSoInEachPanel_InTheUsersLanguage()
    {
        UseCulture("ru");

        var cut = Render<RunsDashboard>(p => p.Add(c => c.Dashboard, Day(new Dictionary<RunOutcomeKind, int>(), [], [])));

        var text = cut.Find("[data-testid=runlog-dashboard]").TextContent;
        Assert.Contains("За последние 24 часа запусков не было.", text, StringComparison.Ordinal);
        Assert.Contains("Ошибок нет.", text, StringComparison.Ordinal);
        Assert.Contains("Ни у одного сценария нет записей с ошибкой.", text, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=runlog-errors]"));
        Assert.Empty(cut.FindAll("[data-testid=runlog-failing]"));
    }

    [Fact]
    public void AFilteredPeriod_IsTheHeading_AndAnEmptyOneSaysNothingMatches()
    {
        var cut = Render<RunsDashboard>(p => p
            .Add(c => c.Dashboard, Day(new Dictionary<RunOutcomeKind, int>(), [], []))
            .Add(c => c.Period, "01/03/2026 – 07/03/2026")
            .Add(c => c.Filtered, true));

        Assert.Equal("01/03/2026 – 07/03/2026, matching the filter", cut.Find("[data-testid=runlog-period]").TextContent.Trim());
        Assert.Contains("No runs match the filter.", cut.Find("[data-testid=runlog-dashboard]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFailingScenariosFilterButton_AsksForThatScenariosRuns()
    {
        var asked = new List<long>();
        var day = Day(
            new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.AllFailed] = 2 },
            [],
            [new FailingScenario(5, "First", 1, 1, 1), new FailingScenario(9, "Second", 3, 1, 1)]);
        var cut = Render<RunsDashboard>(p => p.Add(c => c.Dashboard, day).Add(c => c.OnFilterByScenario, id => asked.Add(id)));

        cut.Find("[data-testid=runlog-failing-9] [data-testid=runlog-failing-filter]").Click();

        cut.WaitForAssertion(() => Assert.Equal([9L], asked));
    }

    private static RunDashboard Day(
        Dictionary<RunOutcomeKind, int> byOutcome, IReadOnlyList<ErrorCodeCount> errors, IReadOnlyList<FailingScenario> failing) =>
        new(Now.AddDays(-1), Now, byOutcome, errors, failing);
}
