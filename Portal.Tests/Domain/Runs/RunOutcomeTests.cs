using Portal.Domain.Runs;

namespace Portal.Tests.Domain.Runs;

public class RunOutcomeTests
{
    [Theory]
    [InlineData(RunStatus.Completed, 10, 0, RunOutcomeKind.Completed, 0)]
    [InlineData(RunStatus.Completed, 10, 3, RunOutcomeKind.CompletedWithFailures, 3)]
    [InlineData(RunStatus.Completed, 10, 9, RunOutcomeKind.CompletedWithFailures, 9)]
    [InlineData(RunStatus.Completed, 10, 10, RunOutcomeKind.AllFailed, 10)]
    [InlineData(RunStatus.Completed, 1, 1, RunOutcomeKind.AllFailed, 1)]
    [InlineData(RunStatus.Stopped, 10, 0, RunOutcomeKind.Stopped, 0)]
    [InlineData(RunStatus.Stopped, 10, 4, RunOutcomeKind.Stopped, 4)]
    [InlineData(RunStatus.Stopped, 10, 10, RunOutcomeKind.Stopped, 10)]
    public void AFinishedRun_IsNamedByWhatFailed_AndKeepsItsFailedCount(RunStatus status, int items, int failed, RunOutcomeKind kind, int shownFailed)
    {
        var outcome = RunOutcome.Of(status, items, failed);

        Assert.Equal(new RunOutcome(kind, shownFailed, items), outcome);
        Assert.True(outcome.IsOver);
    }

    [Theory]
    [InlineData(RunStatus.Queued, RunOutcomeKind.Queued)]
    [InlineData(RunStatus.Running, RunOutcomeKind.Running)]
    public void ARunGoingOn_IsItsStatus_WithoutAFailedCountYet(RunStatus status, RunOutcomeKind kind)
    {
        var outcome = RunOutcome.Of(status, 10, 4);

        Assert.Equal(new RunOutcome(kind, 0, 10), outcome);
        Assert.False(outcome.IsOver);
    }

    [Fact]
    public void EveryStatusAndFailureCase_HasOneOutcome_AndEveryOutcomeIsReached()
    {
        var reached = new HashSet<RunOutcomeKind>();
        foreach (var status in Enum.GetValues<RunStatus>())
        {
            foreach (var (some, all) in new[] { (false, false), (true, false), (true, true) })
            {
                reached.Add(RunOutcome.KindOf(status, some, all));
            }
        }

        Assert.Equal(Enum.GetValues<RunOutcomeKind>().ToHashSet(), reached);
    }
}
