using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Audit;
using Portal.Features.Engine.Robots;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Processes;

/// <summary>
/// Stopping process instances on the real database. The instances are written as already handed to a worker, so the
/// dispatcher leaves them alone and each test decides when (and whether) the executor runs them.
/// </summary>
public class ProcessStopTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    private ProcessControl Control => app.Services.GetRequiredService<ProcessControl>();

    [Fact]
    public async Task AnEditorStopsAnInstance_ItsLogAndTheAuditTrailSayWho()
    {
        var editor = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Stop me", editor);
        var template = await TemplateAsync(editor, "first", "second");
        var instance = await InstanceAsync(template, deal.Id, editor);

        Assert.Equal(ProcessStopStatus.Ok, await Control.StopAsync(editor.Id, instance));

        var stopped = await _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instance));
        Assert.Equal((ProcessStatus.Stopped, editor.Id), (stopped.Status, stopped.StoppedById));
        Assert.NotNull(stopped.FinishedAt);
        var line = Assert.Single(await LogAsync(instance));
        Assert.Equal((ProcessLog.Stopped, editor.Id), (line.Code, line.Detail));
        Assert.True(await _kit.WithDbAsync(db => db.AuditEntries.AnyAsync(
            e => e.ActorId == editor.Id && e.Area == AuditArea.Processes && e.Action == AuditAction.Stop && e.SubjectId == instance.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var card = await app.Services.GetRequiredService<ProcessQueries>().ForEntityAsync(editor.Id, CrmEntityType.Deal, deal.Id);
        Assert.True(card.MayStop);
        Assert.Equal(editor.DisplayName, Assert.Single(card.Instances).StoppedByName);
    }

    [Fact]
    public async Task AReaderWithoutTheEditRight_IsRefused_AndAFinishedInstanceCannotBeStopped()
    {
        var editor = await _kit.ManagerAsync();
        var reader = await _kit.Data.UserAsync("Stop Reader", null, PortalRoles.Manager, await _kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var deal = await _kit.Data.DealAsync("Read only", editor);
        var instance = await InstanceAsync(await TemplateAsync(editor, "only"), deal.Id, editor);

        Assert.Equal(ProcessStopStatus.NoAccess, await Control.StopAsync(reader.Id, instance));
        Assert.False((await app.Services.GetRequiredService<ProcessQueries>().ForEntityAsync(reader.Id, CrmEntityType.Deal, deal.Id)).MayStop);
        Assert.Equal(ProcessStatus.Queued, await StatusAsync(instance));

        Assert.Equal(ProcessStopStatus.Ok, await Control.StopAsync(editor.Id, instance));
        Assert.Equal(ProcessStopStatus.Finished, await Control.StopAsync(editor.Id, instance));
        Assert.Single(await LogAsync(instance));
    }

    [Fact]
    public async Task AStoppedInstance_RunsNoFurtherActivity()
    {
        var editor = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Half way", editor);
        var template = await TemplateAsync(editor, "step one", "step two");
        var instance = await InstanceAsync(template, deal.Id, editor, activitiesDone: 1);

        Assert.Equal(ProcessStopStatus.Ok, await Control.StopAsync(editor.Id, instance));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProcessExecutor>().RunAsync(instance);
        }

        Assert.Equal(ProcessStatus.Stopped, await StatusAsync(instance));
        Assert.Equal([ProcessLog.Stopped], (await LogAsync(instance)).Select(l => l.Code));
        Assert.False(await _kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityType == CrmEntityType.Deal && e.EntityId == deal.Id && e.Text == "step two")));
    }

    [Fact]
    public async Task AStopDuringAnActivity_WaitsForIt_AndLandsAfterIt()
    {
        var editor = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Racing", editor);
        var instance = await InstanceAsync(await TemplateAsync(editor, "one", "two"), deal.Id, editor);

        // An activity in flight, as the executor runs it: the instance's row locked, its effect not yet committed.
        await using var worker = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using var activity = await worker.Database.BeginTransactionAsync();
        var running = (await worker.ProcessInstances.FromSql($"""SELECT * FROM "ProcessInstances" WHERE "Id" = {instance} FOR NO KEY UPDATE""").ToListAsync()).Single();
        running.Begin(DateTimeOffset.UtcNow);
        running.ActivityDone(DateTimeOffset.UtcNow);
        worker.ProcessLog.Add(ProcessLogEntry.Info(instance, 0, ProcessLog.ActivityDone, null, DateTimeOffset.UtcNow));
        await worker.SaveChangesAsync();

        var stop = Control.StopAsync(editor.Id, instance);
        await Eventually.GetAsync(
            async () => await WaitingForALockAsync() ? stop : null,
            what: "the stop to wait for the activity's lock");
        Assert.False(stop.IsCompleted);
        await activity.CommitAsync();

        Assert.Equal(ProcessStopStatus.Ok, await stop);
        var stopped = await _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instance));
        Assert.Equal((ProcessStatus.Stopped, 1), (stopped.Status, stopped.NextActivity));
        Assert.Equal([ProcessLog.ActivityDone, ProcessLog.Stopped], (await LogAsync(instance)).Select(l => l.Code));
    }

    [Fact]
    public async Task StopAllMatching_StopsExactlyTheUnfinishedInstancesOfTheFilter_EachWithItsLogLine()
    {
        var admin = await _kit.Data.UserAsync("Stop Admin", null, PortalRoles.Administrator);
        var manager = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync("Many", manager);
        var target = await TemplateAsync(admin, "target");
        var other = await TemplateAsync(admin, "other");
        var open = new[] { await InstanceAsync(target, deal.Id, manager), await InstanceAsync(target, deal.Id, manager), await InstanceAsync(target, deal.Id, manager) };
        var finished = await InstanceAsync(target, deal.Id, manager);
        Assert.Equal(ProcessStopStatus.Ok, await Control.StopAsync(admin.Id, finished));
        var untouched = await InstanceAsync(other, deal.Id, manager);
        var filter = new ProcessInstanceFilter(TemplateId: target, EntityType: CrmEntityType.Deal, EntityId: deal.Id);

        Assert.Null(await Control.StopAllAsync(manager.Id, filter));
        Assert.Equal(open.Length, await Control.CountStoppableAsync(admin.Id, filter));
        Assert.Equal(open.Length, await Control.StopAllAsync(admin.Id, filter));

        foreach (var id in open)
        {
            Assert.Equal(ProcessStatus.Stopped, await StatusAsync(id));
            var line = Assert.Single(await LogAsync(id));
            Assert.Equal((ProcessLog.Stopped, admin.Id), (line.Code, line.Detail));
        }

        Assert.Single(await LogAsync(finished));
        Assert.Equal(ProcessStatus.Queued, await StatusAsync(untouched));
        var audit = await _kit.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.ActorId == admin.Id && e.Action == AuditAction.Stop && e.SubjectId == null).SingleAsync());
        Assert.Contains(new AuditChange(nameof(ProcessStatus.Stopped), null, "3"), audit.Changes);
        Assert.Equal(0, await Control.CountStoppableAsync(admin.Id, filter));
        var page = await app.Services.GetRequiredService<ProcessInstanceSearch>().ListAsync(admin.Id, filter with { Status = ProcessStatus.Stopped }, null, 2);
        Assert.Equal([finished, open[2]], page!.Rows.Select(r => r.Id));
        var rest = await app.Services.GetRequiredService<ProcessInstanceSearch>().ListAsync(admin.Id, filter with { Status = ProcessStatus.Stopped }, page.Next, 2);
        Assert.Equal([open[1], open[0]], rest!.Rows.Select(r => r.Id));
        Assert.Null(rest.Next);
    }

    /// <summary>An inactive template of "add a comment" robots (one per text), so no trigger starts it.</summary>
    private Task<long> TemplateAsync(PortalUser by, params string[] comments) => _kit.WithDbAsync(async db =>
    {
        var activities = comments.Select(c => new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = c })).ToList();
        var definition = new ProcessDefinition($"Stop {Guid.NewGuid():N}", null, CrmEntityType.Deal, false, true, false, false, null, [], activities);
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, by.Id, DateTimeOffset.UtcNow);
        db.ProcessTemplates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    });

    /// <summary>An instance handed to a worker just now (the dispatcher leaves it alone), <paramref name="activitiesDone"/> activities in.</summary>
    private Task<long> InstanceAsync(long templateId, long dealId, PortalUser by, int activitiesDone = 0) => _kit.WithDbAsync(async db =>
    {
        var template = await db.ProcessTemplates.SingleAsync(t => t.Id == templateId);
        var now = DateTimeOffset.UtcNow;
        var instance = ProcessInstance.Start(template, dealId, ProcessTrigger.Manual, by.Id, new Dictionary<string, string>(), now);
        instance.Scheduled(now);
        for (var i = 0; i < activitiesDone; i++)
        {
            instance.Begin(now);
            instance.ActivityDone(now);
        }

        db.ProcessInstances.Add(instance);
        await db.SaveChangesAsync();
        return instance.Id;
    });

    /// <summary>Whether a session waits for a process instance's row lock (the stop, behind the activity holding it).</summary>
    private Task<bool> WaitingForALockAsync() => _kit.WithDbAsync(async db => await db.Database.SqlQuery<int>(
        $"""SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ProcessInstances%FOR NO KEY UPDATE%'""").SingleAsync() > 0);

    private Task<ProcessStatus> StatusAsync(long instanceId) =>
        _kit.WithDbAsync(db => db.ProcessInstances.Where(i => i.Id == instanceId).Select(i => i.Status).SingleAsync());

    private Task<List<ProcessLogEntry>> LogAsync(long instanceId) =>
        _kit.WithDbAsync(db => db.ProcessLog.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Id).ToListAsync());
}
