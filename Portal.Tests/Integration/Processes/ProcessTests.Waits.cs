using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;
using Portal.Features.Processes;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Processes;

/// <summary>
/// The "Wait" activity: the instance is left waiting (no worker held) with a delayed job, and goes on when it is due. Time
/// is driven through an executor on a <see cref="ManualClock"/>; the app's own dispatcher and job server run on the real
/// clock, so they leave alone a wait whose moment is still ahead in real time.
/// </summary>
public partial class ProcessTests
{
    [Fact]
    public async Task AWaitForADay_LeavesTheInstanceWaitingWithADelayedJob_AndGoesOnWhenTheDayIsOver()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Wait a day", manager);
        var instanceId = await WaitingInstanceAsync(deal, manager, [ProcessWait.New(WaitMode.Duration, 1, WaitUnit.Days), Comment("after the wait")]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        await ExecutorOn(clock).RunAsync(instanceId);

        var waiting = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Waiting, 0, clock.Now.AddDays(1)), (waiting.Status, waiting.NextActivity, waiting.ResumeAt));
        Assert.Equal([ProcessLog.Started, ProcessLog.Waiting], (await LogAsync(instanceId)).Select(l => l.Code));
        var job = Assert.Single(
            app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().ScheduledJobs(0, 1000),
            j => j.Value.Job.Method.Name == nameof(ProcessJob.ResumeAsync) && (long)j.Value.Job.Args[0] == instanceId);
        Assert.Equal(waiting.ResumeAt!.Value.UtcDateTime, job.Value.EnqueueAt, TimeSpan.FromSeconds(1));

        // A minute early, the job changes nothing.
        clock.Now = waiting.ResumeAt.Value.AddMinutes(-1);
        await ExecutorOn(clock).ResumeAsync(instanceId, 0);
        Assert.Equal(ProcessStatus.Waiting, (await InstanceAsync(instanceId)).Status);

        clock.Now = waiting.ResumeAt.Value;
        await ExecutorOn(clock).ResumeAsync(instanceId, 0);

        var done = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Completed, (DateTimeOffset?)null), (done.Status, done.ResumeAt));
        Assert.Equal(
            [ProcessLog.Started, ProcessLog.Waiting, ProcessLog.Resumed, ProcessLog.ActivityDone, ProcessLog.Completed],
            (await LogAsync(instanceId)).Select(l => l.Code));
        Assert.True(await CommentedAsync(deal.Id, "after the wait"));
    }

    [Fact]
    public async Task AStopDuringAWait_EndsIt_AndItsResumeJobRunsNothing()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Stopped while waiting", manager);
        var instanceId = await WaitingInstanceAsync(deal, manager, [ProcessWait.New(WaitMode.Duration, 1, WaitUnit.Hours), Comment("never after a stop")]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await ExecutorOn(clock).RunAsync(instanceId);
        var waiting = await InstanceAsync(instanceId);
        Assert.Equal(ProcessStatus.Waiting, waiting.Status);

        var stopped = await app.Services.GetRequiredService<ProcessControl>().StopAsync(manager.Id, instanceId);
        clock.Now = waiting.ResumeAt!.Value;
        await ExecutorOn(clock).ResumeAsync(instanceId, 0);

        Assert.Equal(ProcessStopStatus.Ok, stopped);
        var instance = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Stopped, (DateTimeOffset?)null, manager.Id), (instance.Status, instance.ResumeAt, instance.StoppedById));
        Assert.Equal([ProcessLog.Started, ProcessLog.Waiting, ProcessLog.Stopped], (await LogAsync(instanceId)).Select(l => l.Code));
        Assert.False(await CommentedAsync(deal.Id, "never after a stop"));
    }

    [Fact]
    public async Task AWaitWhoseJobWasLostWithARestart_IsHandedOverByTheDispatcher_OnceOverdue()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Restarted", manager);

        // Waiting since before the restart; its moment passed while no worker ran, and its delayed job is gone.
        var instanceId = await WaitingInstanceAsync(
            deal, manager, [ProcessWait.New(WaitMode.Duration, 10, WaitUnit.Minutes), Comment("after the restart")], waitingUntil: DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(ProcessStatus.Waiting, (await InstanceAsync(instanceId)).Status);

        var instance = await FinishedInstanceAsync(instanceId);
        Assert.Equal(ProcessStatus.Completed, instance.Status);
        Assert.Equal([ProcessLog.Resumed, ProcessLog.ActivityDone, ProcessLog.Completed], (await LogAsync(instanceId)).Select(l => l.Code));
        Assert.True(await CommentedAsync(deal.Id, "after the restart"));
    }

    [Fact]
    public async Task AWaitUntilADateMinusADay_EndsTheDayBefore_AndADateAlreadyPast_GoesOnAtOnce()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Until a date", manager);
        var instanceId = await WaitingInstanceAsync(
            deal,
            manager,
            [
                ProcessActivities.NewSetVariable("Due", VariableType.Date, "2030-01-10"),
                ProcessWait.New(WaitMode.UntilDate, -1, WaitUnit.Days, "{{Variables.Due}}"),
                ProcessWait.New(WaitMode.UntilDate, -2, WaitUnit.Hours, "{{Deal.CreatedAt}}"),
                Comment("on the eve"),
            ]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        await ExecutorOn(clock).RunAsync(instanceId);

        var zone = app.Services.GetRequiredService<PortalTimeZone>().Zone;
        var due = new DateTime(2030, 1, 10, 0, 0, 0, DateTimeKind.Unspecified);
        var waiting = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Waiting, 1), (waiting.Status, waiting.NextActivity));
        Assert.Equal(new DateTimeOffset(due, zone.GetUtcOffset(due)).AddDays(-1), waiting.ResumeAt);

        // The eve: the wait ends; the next, two hours before the deal was created, is past already and does not stop it.
        clock.Now = waiting.ResumeAt!.Value;
        await ExecutorOn(clock).ResumeAsync(instanceId, 1);

        Assert.Equal(ProcessStatus.Completed, (await InstanceAsync(instanceId)).Status);
        var log = await LogAsync(instanceId);
        Assert.Equal(
            [ProcessLog.Started, ProcessLog.VariableSet, ProcessLog.Waiting, ProcessLog.Resumed, ProcessLog.Waiting, ProcessLog.Resumed, ProcessLog.ActivityDone, ProcessLog.Completed],
            log.Select(l => l.Code));
        Assert.Equal([1, 1, 2, 2], log.Where(l => l.Code is ProcessLog.Waiting or ProcessLog.Resumed).Select(l => l.Activity!.Value));
    }

    [Fact]
    public async Task AWaitUntilTheStageChanges_LooksAgainByItself_AndGoesOnWhenTheDealMoves()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Until it moves", manager);
        var instanceId = await WaitingInstanceAsync(deal, manager, [ProcessWait.New(WaitMode.StageChange), Comment("it moved")]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        await ExecutorOn(clock).RunAsync(instanceId);

        var waiting = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Waiting, deal.StageId), (waiting.Status, waiting.WaitStage));

        // Its safety look finds the deal where it was: it waits on, until the next look.
        clock.Now = waiting.ResumeAt!.Value;
        await ExecutorOn(clock).ResumeAsync(instanceId, 0);
        var still = await InstanceAsync(instanceId);
        Assert.Equal((ProcessStatus.Waiting, deal.StageId), (still.Status, still.WaitStage));
        Assert.True(still.ResumeAt > waiting.ResumeAt);

        // The move wakes it through the deal's trigger; the app's dispatcher hands it over and it goes on.
        await MoveAsync(deal, deal.StageId == InvoiceSent ? Preparing : InvoiceSent, manager);

        var instance = await FinishedInstanceAsync(instanceId);
        Assert.Equal(ProcessStatus.Completed, instance.Status);
        Assert.Equal(
            [ProcessLog.Started, ProcessLog.Waiting, ProcessLog.Resumed, ProcessLog.ActivityDone, ProcessLog.Completed],
            (await LogAsync(instanceId)).Select(l => l.Code));
        Assert.True(await CommentedAsync(deal.Id, "it moved"));
    }

    [Fact]
    public async Task ADuplicateResumeJob_RunsTheNextActivityOnce()
    {
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Twice resumed", manager);
        var instanceId = await WaitingInstanceAsync(deal, manager, [ProcessWait.New(WaitMode.Duration, 1, WaitUnit.Hours), Comment("once")]);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await ExecutorOn(clock).RunAsync(instanceId);
        clock.Now = clock.Now.AddHours(1);

        await Task.WhenAll(ExecutorOn(clock).ResumeAsync(instanceId, 0), ExecutorOn(clock).ResumeAsync(instanceId, 0));
        await ExecutorOn(clock).ResumeAsync(instanceId, 0);

        Assert.Equal(ProcessStatus.Completed, (await FinishedInstanceAsync(instanceId)).Status);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.TimelineEntries.CountAsync(e => e.EntityType == CrmEntityType.Deal && e.EntityId == deal.Id && e.Text == "once")));
        Assert.Single(await LogAsync(instanceId), l => l.Code == ProcessLog.Resumed);
    }

    private static ProcessActivity Comment(string text) => Robot("crm.add_comment", ("Text", text))[0];

    /// <summary>An executor whose "now" is <paramref name="clock"/>'s; its delayed jobs go to the app's job storage.</summary>
    private ProcessExecutor ExecutorOn(ManualClock clock) =>
        ActivatorUtilities.CreateInstance<ProcessExecutor>(app.Services.CreateScope().ServiceProvider, (TimeProvider)clock);

    /// <summary>
    /// An instance of a manual process, marked handed over so that the app's dispatcher leaves it to the test; with
    /// <paramref name="waitingUntil"/>, already waiting at its first activity until then, as it was left before a restart.
    /// </summary>
    private Task<long> WaitingInstanceAsync(Deal deal, PortalUser manager, ProcessActivity[] activities, DateTimeOffset? waitingUntil = null) => _kit.WithDbAsync(async db =>
    {
        var definition = Definition(CrmEntityType.Deal, manually: true, activities: activities) with { IsActive = false };
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, manager.Id, DateTimeOffset.UtcNow);
        db.ProcessTemplates.Add(template);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var instance = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, manager.Id, new Dictionary<string, string>(), now);
        instance.Scheduled(now);
        if (waitingUntil is { } until)
        {
            instance.Begin(until.AddMinutes(-10));
            instance.Wait(until, null, until.AddMinutes(-10));
        }

        db.ProcessInstances.Add(instance);
        await db.SaveChangesAsync();
        return instance.Id;
    });

    private Task<ProcessInstance> InstanceAsync(long instanceId) =>
        _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId));

    private Task<ProcessInstance> FinishedInstanceAsync(long instanceId) =>
        Eventually.GetAsync(() => _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && (i.Status == ProcessStatus.Completed || i.Status == ProcessStatus.Failed))));
}
