using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Engine;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>A web-only Portal: launches are written and scheduled, but no worker runs them until a test calls the engine.</summary>
public sealed class QueuedRunsApp : MigratedDatabase, IAsyncDisposable
{
    private PortalAppFactory? _factory;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("Not initialised.")).Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalAppFactory(ConnectionString, ProcessRole.Web);
        _ = _factory.Services;
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}

public class LaunchTests(QueuedRunsApp app) : IClassFixture<QueuedRunsApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    private async Task RunChunkAsync(long runId, int chunk = 0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RunAsync(runId, chunk);
    }

    [Fact]
    public async Task Launch_WritesTheSnapshotAndOneQueuedItemPerDistinctEntity()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("x"), RunTestKit.ChangeStage(2));
        var a = await _kit.Data.DealAsync("A", manager);
        var b = await _kit.Data.DealAsync("B", manager);

        var launch = await _kit.LaunchAsync(scenario, manager, [b.Id, a.Id, b.Id]);

        Assert.True(launch.Launched);
        var run = await _kit.WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleAsync(r => r.Id == launch.RunId));
        Assert.Equal((RunStatus.Queued, 2, manager.Id, manager.Id, RunSource.Ui), (run.Status, run.ItemCount, run.LaunchedById, run.RunAsId, run.Source));
        Assert.Equal(scenario.Steps, run.Steps);
        var items = await _kit.ItemsAsync(run.Id);
        Assert.Equal([a.Id, b.Id], items.Select(i => i.EntityId));
        Assert.All(items, i => Assert.Equal((ItemStatus.Queued, 0), (i.Status, i.NextStep)));
    }

    [Fact]
    public async Task ScenarioDisabledAfterLaunch_ItemsNotStartedFailWithNotFoundOrDisabled()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("never"));
        var deal = await _kit.Data.DealAsync("Disabled later", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        await _kit.WithDbAsync(async db =>
        {
            var stored = await db.Scenarios.SingleAsync(s => s.Id == scenario.Id);
            stored.Deactivate("admin", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        await RunChunkAsync(launch.RunId!.Value);

        var item = Assert.Single(await _kit.ItemsAsync(launch.RunId.Value));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.ScenarioNotFoundOrDisabled), (item.Status, item.ErrorCode));
        Assert.Empty(await _kit.StepsAsync(launch.RunId.Value));
        var run = await _kit.FinishedAsync(launch.RunId.Value);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task ScenarioDeletedAfterLaunch_ItemsFail_AndANewLaunchIsRefused()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("never"));
        var deal = await _kit.Data.DealAsync("Deleted later", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        await _kit.WithDbAsync(async db =>
        {
            var stored = await db.Scenarios.SingleAsync(s => s.Id == scenario.Id);
            stored.Delete("admin", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        await RunChunkAsync(launch.RunId!.Value);
        var again = await _kit.LaunchAsync(scenario, manager, [deal.Id]);

        Assert.Equal(ErrorCodes.ScenarioNotFoundOrDisabled, Assert.Single(await _kit.ItemsAsync(launch.RunId.Value)).ErrorCode);
        Assert.Equal(ErrorCodes.ScenarioNotFoundOrDisabled, again.ErrorCode);
    }

    [Fact]
    public async Task StopBeforeAnythingRan_TerminatesEveryItem_AndTheEngineThenDoesNothing()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("never"));
        var deals = new[] { await _kit.Data.DealAsync("S1", manager), await _kit.Data.DealAsync("S2", manager) };
        var launch = await _kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        var control = app.Services.GetRequiredService<RunControl>();
        var stranger = await _kit.ManagerAsync();

        Assert.Equal(RunCommandStatus.NoAccess, await control.StopAsync(stranger.Id, launch.RunId!.Value));
        Assert.Equal(RunCommandStatus.Ok, await control.StopAsync(manager.Id, launch.RunId.Value));
        Assert.Equal(RunCommandStatus.Finished, await control.StopAsync(manager.Id, launch.RunId.Value));
        await RunChunkAsync(launch.RunId.Value);

        Assert.All(await _kit.ItemsAsync(launch.RunId.Value), i => Assert.Equal(ItemStatus.Terminated, i.Status));
        Assert.Empty(await _kit.StepsAsync(launch.RunId.Value));
        Assert.Equal(RunStatus.Stopped, (await _kit.FinishedAsync(launch.RunId.Value)).Status);
    }

    [Fact]
    public async Task RerunFailed_LaunchesANewLinkedRunOnTheFailedItemsOnly()
    {
        var manager = await _kit.ManagerAsync(Portal.Domain.Rights.RightScope.Own);
        var colleague = await _kit.ManagerAsync();
        var admin = await _kit.Data.UserAsync("Admin", null, PortalRoles.Administrator);
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Hi {{Deal.Title}}"));
        var mine = await _kit.Data.DealAsync("Mine", manager);
        var theirs = await _kit.Data.DealAsync("Theirs", colleague);
        var launch = await _kit.LaunchAsync(scenario, manager, [mine.Id, theirs.Id]);
        await RunChunkAsync(launch.RunId!.Value);

        var (status, rerun) = await app.Services.GetRequiredService<RunControl>().RerunFailedAsync(admin.Id, launch.RunId.Value);

        Assert.Equal(RunCommandStatus.Ok, status);
        Assert.True(rerun!.Launched, rerun.ErrorCode);
        var second = await _kit.WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleAsync(r => r.Id == rerun.RunId));
        Assert.Equal((launch.RunId, admin.Id), (second.RerunOfId, second.RunAsId));
        await RunChunkAsync(second.Id);
        var item = Assert.Single(await _kit.ItemsAsync(second.Id));
        Assert.Equal((theirs.Id, ItemStatus.Completed), (item.EntityId, item.Status));
    }

    [Fact]
    public async Task TheSameLaunchTokenTwice_AtOnceOrLater_GivesOneRun_NotAnError()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("once"));
        var deal = await _kit.Data.DealAsync("Double click", manager);
        var request = new LaunchRequest(
            scenario.Id, CrmEntityType.Deal, [deal.Id], new Dictionary<string, string?>(), manager.Id, RunSource.Ui, LaunchToken: Guid.NewGuid());

        var both = await Task.WhenAll(_kit.Launcher.LaunchAsync(request), _kit.Launcher.LaunchAsync(request));
        await _kit.WithDbAsync(async db =>
        {
            var stored = await db.Scenarios.SingleAsync(s => s.Id == scenario.Id);
            stored.Deactivate("admin", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        var later = await _kit.Launcher.LaunchAsync(request);
        var another = await _kit.Launcher.LaunchAsync(request with { LaunchToken = Guid.NewGuid() });

        Assert.All(both, r => Assert.True(r.Launched, r.ErrorCode));
        Assert.Equal(both[0].RunId, both[1].RunId);
        Assert.Equal(both[0].RunId, later.RunId);
        Assert.Equal(ErrorCodes.ScenarioNotFoundOrDisabled, another.ErrorCode);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
        Assert.Single(await _kit.ItemsAsync(both[0].RunId!.Value));
    }

    [Fact]
    public async Task RerunFailed_ClickedTwiceOnOnePage_GivesOneRerun_AndThePageShownAgainAnother()
    {
        var manager = await _kit.ManagerAsync(Portal.Domain.Rights.RightScope.Own);
        var colleague = await _kit.ManagerAsync();
        var admin = await _kit.Data.UserAsync("Admin", null, PortalRoles.Administrator);
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("again"));
        var theirs = await _kit.Data.DealAsync("Theirs again", colleague);
        var launch = await _kit.LaunchAsync(scenario, manager, [theirs.Id]);
        await RunChunkAsync(launch.RunId!.Value);
        var control = app.Services.GetRequiredService<RunControl>();
        var page = Guid.NewGuid();

        var clicks = await Task.WhenAll(control.RerunFailedAsync(admin.Id, launch.RunId.Value, page), control.RerunFailedAsync(admin.Id, launch.RunId.Value, page));
        var shownAgain = await control.RerunFailedAsync(admin.Id, launch.RunId.Value, Guid.NewGuid());

        Assert.All(clicks, c => Assert.True(c.Launch!.Launched, c.Launch.ErrorCode));
        Assert.Equal(clicks[0].Launch!.RunId, clicks[1].Launch!.RunId);
        Assert.True(shownAgain.Launch!.Launched);
        Assert.NotEqual(clicks[0].Launch!.RunId, shownAgain.Launch.RunId);
        Assert.Equal(2, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.RerunOfId == launch.RunId)));
    }

    [Fact]
    public async Task ProcessStarts_AreNotRefusedByTheRunLimit_NorCountedAgainstPeoplesLaunches()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("from a process"));
        var deal = await _kit.Data.DealAsync("Process starts", manager);
        var limit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RunOptions>>().Value.MaxConcurrentRunsPerScenario;
        var instances = await _kit.WithDbAsync(async db =>
        {
            var definition = new Portal.Domain.Processes.ProcessDefinition(
                $"Limit {Guid.NewGuid():N}", null, CrmEntityType.Deal, false, true, false, false, null, [], [Portal.Domain.Processes.ProcessActivities.NewStartScenario(scenario.Id)]);
            var template = Portal.Domain.Processes.ProcessTemplate.Create(definition, RobotsSetup.Catalog, manager.Id, DateTimeOffset.UtcNow);
            db.ProcessTemplates.Add(template);
            await db.SaveChangesAsync();
            var started = Enumerable.Range(0, limit + 1)
                .Select(_ => Portal.Domain.Processes.ProcessInstance.Start(
                    template, deal.Id, Portal.Domain.Processes.ProcessTrigger.Manual, manager.Id, new Dictionary<string, string>(), DateTimeOffset.UtcNow))
                .ToList();
            db.ProcessInstances.AddRange(started);
            await db.SaveChangesAsync();
            return started.Select(i => i.Id).ToList();
        });

        var starts = new List<LaunchResult>();
        foreach (var instance in instances)
        {
            starts.Add(await _kit.Launcher.LaunchAsync(new LaunchRequest(
                scenario.Id, CrmEntityType.Deal, [deal.Id], new Dictionary<string, string?>(), manager.Id, RunSource.Process, Process: new ProcessOrigin(instance, 0))));
        }

        var byHand = await _kit.LaunchAsync(scenario, manager, [deal.Id]);

        Assert.All(starts, s => Assert.True(s.Launched, s.ErrorCode));
        Assert.True(byHand.Launched, byHand.ErrorCode);
    }

    [Fact]
    public async Task AFailureMidLaunch_LeavesNoRunAndNoItems()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("x"));
        var deal = await _kit.Data.DealAsync("Atomic", manager);
        await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION test_fail_item() RETURNS trigger AS $$
            BEGIN IF NEW."EntityId" < 0 THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_fail_item BEFORE INSERT ON "RunItems" FOR EACH ROW EXECUTE FUNCTION test_fail_item();
            """));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => _kit.LaunchAsync(scenario, manager, [deal.Id, -1]));
        }
        finally
        {
            await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
                DROP TRIGGER test_fail_item ON "RunItems"; DROP FUNCTION test_fail_item();
                """));
        }

        Assert.Equal(0, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
        Assert.Equal(0, await _kit.WithDbAsync(db => db.RunItems.CountAsync(i => i.EntityId == deal.Id)));
    }

    [Fact]
    public async Task Limits_TooManyEntitiesAndTooManyActiveRuns_AreRefusedWithTheirCodes()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("x"));
        var deal = await _kit.Data.DealAsync("Limits", manager);
        var limits = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RunOptions>>().Value;

        var tooMany = await _kit.LaunchAsync(scenario, manager, Enumerable.Range(1, limits.MaxEntitiesPerLaunch + 1).Select(i => (long)i));
        for (var i = 0; i < limits.MaxConcurrentRunsPerScenario; i++)
        {
            Assert.True((await _kit.LaunchAsync(scenario, manager, [deal.Id])).Launched);
        }

        var oneMore = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        var none = await _kit.LaunchAsync(scenario, manager, []);

        Assert.Equal(ErrorCodes.LaunchTooManyEntities, tooMany.ErrorCode);
        Assert.Equal(ErrorCodes.LaunchTooManyRuns, oneMore.ErrorCode);
        Assert.Equal(ErrorCodes.LaunchNoEntities, none.ErrorCode);
        Assert.Equal(limits.MaxConcurrentRunsPerScenario, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task LaunchValues_MissingOrUnknown_AreRefusedPerField_AndTheWrongTypeIsRefused()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var deal = await _kit.Data.DealAsync("Values", manager);

        var missing = await _kit.LaunchAsync(scenario, manager, [deal.Id], new Dictionary<string, string?> { ["step1.Message"] = "  " });
        var unknown = await _kit.LaunchAsync(scenario, manager, [deal.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi", ["step9.X"] = "?" });
        var wrongType = await _kit.Launcher.LaunchAsync(new LaunchRequest(
            scenario.Id, CrmEntityType.Contact, [deal.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi" }, manager.Id, RunSource.Ui));

        Assert.Equal(new LaunchProblem("step1.Message", ErrorCodes.ParameterMissing), Assert.Single(missing.Problems));
        Assert.Equal("step9.X", Assert.Single(unknown.Problems).Key);
        Assert.Equal(ErrorCodes.EntityWrongType, wrongType.ErrorCode);
        Assert.Equal(0, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task DeletedDealAndBadValues_FailTheirItemsWithClearCodes_OthersGoOn()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()), RunTestKit.Comment("sent"));
        var noPhone = await _kit.Data.DealAsync("No contact", manager);
        var badPhone = await _kit.Data.DealAsync("Bad phone", manager, contact: await _kit.Data.ContactAsync("Bad", "Phone", manager, new PhoneNumber("12345", PhoneType.Work)));
        var good = await _kit.Data.DealAsync("Good", manager, contact: await _kit.Data.ContactAsync("Good", "Phone", manager, new PhoneNumber("+49 30 1234567", PhoneType.Mobile)));
        var gone = await _kit.Data.DealAsync("Gone", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [noPhone.Id, badPhone.Id, good.Id, gone.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi" });
        await _kit.WithDbAsync(db => db.Deals.Where(d => d.Id == gone.Id).ExecuteDeleteAsync());

        await RunChunkAsync(launch.RunId!.Value);

        var items = (await _kit.ItemsAsync(launch.RunId.Value)).ToDictionary(i => i.EntityId);
        Assert.Equal((ItemStatus.Failed, ErrorCodes.PhoneMissing), (items[noPhone.Id].Status, items[noPhone.Id].ErrorCode));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.PhoneInvalid), (items[badPhone.Id].Status, items[badPhone.Id].ErrorCode));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.EntityNotFound), (items[gone.Id].Status, items[gone.Id].ErrorCode));
        Assert.Equal(ItemStatus.Completed, items[good.Id].Status);
        var steps = await _kit.StepsAsync(launch.RunId.Value);
        var failedSend = Assert.Single(steps, s => s.ItemId == items[badPhone.Id].Id);
        Assert.Equal((StepStatus.Failed, "12345"), (failedSend.Status, failedSend.ErrorDetail));
        Assert.Equal(2, steps.Count(s => s.ItemId == items[good.Id].Id));

        // The run is over: its failures were counted as it ended, for the run log to sum without reading items.
        var runId = launch.RunId.Value;
        Assert.Equal((RunStatus.Completed, 3), await _kit.WithDbAsync(db => db.ScenarioRuns.Where(r => r.Id == runId).Select(r => new ValueTuple<RunStatus, int?>(r.Status, r.FailedCount)).SingleAsync()));
        Assert.Equal(
            new Dictionary<string, int> { [ErrorCodes.EntityNotFound] = 1, [ErrorCodes.PhoneInvalid] = 1, [ErrorCodes.PhoneMissing] = 1 },
            await _kit.WithDbAsync(db => db.RunErrorCounts.Where(c => c.RunId == runId).ToDictionaryAsync(c => c.ErrorCode, c => c.Count)));
    }

    [Fact]
    public async Task FirstMobile_SendsToTheContactsMobileInE164_AndARecordWithoutAMobileFailsAsNoMobile_NamingItsNumbers()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync(), WhichNumbers.FirstMobile));
        var mobile = await _kit.Data.DealAsync("Mobile second", manager, contact: await _kit.Data.ContactAsync(
            "Two", "Numbers", manager, new PhoneNumber("8 (495) 123-45-67", PhoneType.Work), new PhoneNumber("8 (999) 765-43-21", PhoneType.Mobile)));
        var workOnly = await _kit.Data.DealAsync("Work only", manager, contact: await _kit.Data.ContactAsync(
            "Office", "Only", manager, new PhoneNumber("+7 495 000-00-01", PhoneType.Work)));
        var launch = await _kit.LaunchAsync(scenario, manager, [mobile.Id, workOnly.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi" });

        await RunChunkAsync(launch.RunId!.Value);

        var items = (await _kit.ItemsAsync(launch.RunId.Value)).ToDictionary(i => i.EntityId);
        Assert.Equal(ItemStatus.Completed, items[mobile.Id].Status);
        Assert.Equal((ItemStatus.Failed, ErrorCodes.PhoneNoMobile, "Work: 8 (495) 000-00-01"), (items[workOnly.Id].Status, items[workOnly.Id].ErrorCode, items[workOnly.Id].ErrorDetail));
        var sent = await _kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == launch.RunId).Select(m => new { m.EntityId, m.To }).ToListAsync());
        Assert.Equal((mobile.Id, "+79997654321"), Assert.Single(sent.Select(m => (m.EntityId!.Value, m.To))));
    }

    [Fact]
    public async Task ATransientDatabaseFailure_IsRetried_AndTheStepIsRecordedOnceWithItsAttempts()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("retried"));
        var deal = await _kit.Data.DealAsync("Flaky database", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE SEQUENCE test_flaky;
            CREATE FUNCTION test_flaky() RETURNS trigger AS $$
            BEGIN IF nextval('test_flaky') = 1 THEN RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_flaky BEFORE INSERT ON "RunSteps" FOR EACH ROW EXECUTE FUNCTION test_flaky();
            """));
        try
        {
            await RunChunkAsync(launch.RunId!.Value);
        }
        finally
        {
            await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
                DROP TRIGGER test_flaky ON "RunSteps"; DROP FUNCTION test_flaky(); DROP SEQUENCE test_flaky;
                """));
        }

        var step = Assert.Single(await _kit.StepsAsync(launch.RunId.Value));
        Assert.Equal((StepStatus.Completed, 2), (step.Status, step.Attempts));
        Assert.Equal(1, await _kit.WithDbAsync(db => db.TimelineEntries.CountAsync(t => t.EntityId == deal.Id && t.Text == "retried")));
    }

    [Fact]
    public async Task CrmRobots_NotifyReassignSetFieldAndChangeStage_DoTheirWorkThroughTheRecordsRules()
    {
        var manager = await _kit.ManagerAsync();
        var colleague = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(
            new("crm.notify_employee", [new("User", ValueSource.Fixed, "{{Responsible.Id}}"), new("Text", ValueSource.Fixed, "Look at {{Deal.Title}}")]),
            new("crm.set_field", [new("Field", ValueSource.Fixed, "Amount"), new("Value", ValueSource.Fixed, "1500.50")]),
            new("crm.set_field", [new("Field", ValueSource.Fixed, "Source"), new("Value", ValueSource.Fixed, "Scenario")]),
            new("crm.change_responsible", [new("User", ValueSource.Fixed, colleague.Id)]),
            RunTestKit.ChangeStage(3));
        var deal = await _kit.Data.DealAsync("Robots", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);

        await RunChunkAsync(launch.RunId!.Value);

        Assert.Equal(ItemStatus.Completed, Assert.Single(await _kit.ItemsAsync(launch.RunId.Value)).Status);
        await _kit.WithDbAsync(async db =>
        {
            var stored = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
            Assert.Equal((1500.50m, "Scenario", colleague.Id, 3), (stored.Amount, stored.Source, stored.ResponsibleId, stored.StageId));
            var notification = await db.Notifications.SingleAsync(n => n.EntityId == deal.Id);
            Assert.Equal((manager.Id, "Look at Robots", manager.Id), (notification.UserId, notification.Text, notification.FromUserId));
            Assert.Contains(await db.TimelineEntries.Where(t => t.EntityId == deal.Id && t.EntityType == CrmEntityType.Deal).Select(t => t.Text).ToListAsync(), t => t == "New → Invoice sent");
        });
    }

    [Fact]
    public async Task ARobotValueTheRecordRefuses_FailsThatItemWithParameterInvalid()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(
            new("crm.set_field", [new("Field", ValueSource.Fixed, "Amount"), new("Value", ValueSource.Fixed, "{{Deal.Title}}")]),
            new("crm.set_field", [new("Field", ValueSource.Fixed, "Industry"), new("Value", ValueSource.Fixed, "x")]));
        var numeric = await _kit.Data.DealAsync("250", manager);
        var words = await _kit.Data.DealAsync("Not a number", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [numeric.Id, words.Id]);

        await RunChunkAsync(launch.RunId!.Value);

        var items = (await _kit.ItemsAsync(launch.RunId.Value)).ToDictionary(i => i.EntityId);
        Assert.Equal(ErrorCodes.ParameterInvalid, items[words.Id].ErrorCode);
        Assert.Equal(ErrorCodes.ParameterInvalid, items[numeric.Id].ErrorCode);
        var steps = await _kit.StepsAsync(launch.RunId.Value);
        Assert.Equal(StepStatus.Completed, steps.Single(s => s.ItemId == items[numeric.Id].Id && s.StepIndex == 0).Status);
        Assert.Contains("Industry", steps.Single(s => s.ItemId == items[numeric.Id].Id && s.StepIndex == 1).ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnexpectedFailure_FailsTheRoundsItemsWithTheReason_InsteadOfRetryingForever()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("refused by the database"));
        var deal = await _kit.Data.DealAsync("Broken", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION test_broken() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected constraint'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_broken BEFORE INSERT ON "TimelineEntries" FOR EACH ROW EXECUTE FUNCTION test_broken();
            """));
        try
        {
            await RunChunkAsync(launch.RunId!.Value);
        }
        finally
        {
            await _kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""
                DROP TRIGGER test_broken ON "TimelineEntries"; DROP FUNCTION test_broken();
                """));
        }

        var item = Assert.Single(await _kit.ItemsAsync(launch.RunId.Value));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.EngineFailed), (item.Status, item.ErrorCode));
        Assert.Contains("injected constraint", item.ErrorDetail, StringComparison.Ordinal);
        Assert.Empty(await _kit.StepsAsync(launch.RunId.Value));
        Assert.Equal(RunStatus.Completed, (await _kit.FinishedAsync(launch.RunId.Value)).Status);
    }
}
