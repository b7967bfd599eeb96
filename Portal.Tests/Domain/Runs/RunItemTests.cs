using Portal.Domain.Common;
using Portal.Domain.Runs;

namespace Portal.Tests.Domain.Runs;

public class RunItemTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StepsInOrder_CompleteTheItemAfterTheLast()
    {
        var item = RunItem.Queued(1, 42, 0, Now);

        item.Start(Now);
        item.StepDone(2, Now);
        Assert.Equal((ItemStatus.Running, 1), (item.Status, item.NextStep));
        item.StepDone(2, Now.AddSeconds(1));

        Assert.Equal((ItemStatus.Completed, 2, Now.AddSeconds(1)), (item.Status, item.NextStep, item.FinishedAt));
    }

    [Fact]
    public void Wait_KeepsTheItemRunningUntilItsTime_AndTheNextStepClearsIt()
    {
        var item = RunItem.Queued(1, 42, 0, Now);
        item.Start(Now);

        item.WaitUntil(Now.AddHours(1), 3, Now);
        Assert.Equal((ItemStatus.Running, 1, Now.AddHours(1)), (item.Status, item.NextStep, item.ResumeAt));
        item.StepDone(3, Now.AddHours(1));

        Assert.Null(item.ResumeAt);
    }

    [Fact]
    public void WaitAsTheLastStep_CompletesWithoutWaiting()
    {
        var item = RunItem.Queued(1, 42, 0, Now);
        item.Start(Now);

        item.WaitUntil(Now.AddHours(1), 1, Now);

        Assert.Equal((ItemStatus.Completed, null), (item.Status, item.ResumeAt));
    }

    [Fact]
    public void AQueuedItemMayFailBeforeItStarts_WithItsReason()
    {
        var item = RunItem.Queued(1, 42, 0, Now);

        item.Fail(ErrorCodes.RightsInsufficient, null, Now);

        Assert.Equal((ItemStatus.Failed, ErrorCodes.RightsInsufficient, Now, Now), (item.Status, item.ErrorCode, item.StartedAt, item.FinishedAt));
    }

    [Fact]
    public void AFinishedItem_NeverChangesAgain()
    {
        var item = RunItem.Queued(1, 42, 0, Now);
        item.Terminate(Now);

        Assert.Throws<InvalidOperationException>(() => item.Fail(ErrorCodes.EntityNotFound, null, Now));
        Assert.Throws<InvalidOperationException>(() => item.Terminate(Now));
        Assert.Throws<InvalidOperationException>(() => item.Start(Now));
        Assert.Throws<InvalidOperationException>(() => item.StepDone(1, Now));
    }

    [Fact]
    public void ALongErrorDetail_IsCut_NotRefused()
    {
        var item = RunItem.Queued(1, 42, 0, Now);

        item.Fail(ErrorCodes.ProviderRejected, new string('x', 5000), Now);

        Assert.Equal(RunItem.ErrorDetailMaxLength, item.ErrorDetail!.Length);
    }
}
