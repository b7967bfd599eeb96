using Microsoft.EntityFrameworkCore;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Hosting;
using Portal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Runs;

public sealed class WorkerCrashDatabase : MigratedDatabase;

/// <summary>A worker process killed in the middle of a run: another worker finishes it, and no step happens twice.</summary>
public class WorkerCrashTests(WorkerCrashDatabase database, ITestOutputHelper output) : IClassFixture<WorkerCrashDatabase>
{
    private const int Deals = 2000;

    [Fact]
    public async Task AWorkerKilledMidRun_AnotherFinishesIt_WithEveryStepExactlyOnce()
    {
        var fast = new Dictionary<string, string>
        {
            ["Portal:Runs:ChunkSize"] = "25",
            ["Portal:Runs:StaleAfterSeconds"] = "5",
            ["Portal:Runs:SweepIntervalSeconds"] = "5",
        };
        await using var web = new PortalAppFactory(database.ConnectionString, ProcessRole.Web, fast);
        var kit = new RunTestKit(web.Services);
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("A"), RunTestKit.Comment("B"), RunTestKit.Comment("C"));
        var ids = await kit.WithDbAsync(async db =>
        {
            var deals = Enumerable.Range(0, Deals)
                .Select(i => Deal.Create($"Crash {i}", CrmTestData.FirstStage, 100, "RUB", manager.Id, manager.Id, DateTimeOffset.UtcNow))
                .ToList();
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return deals.Select(d => d.Id).ToList();
        });

        using var doomed = PortalProcess.StartWorker(database.ConnectionString, new Dictionary<string, string>
        {
            ["Portal__Jobs__RunWorkers"] = "1",
        });
        var launch = await kit.LaunchAsync(scenario, manager, ids);
        var runId = launch.RunId!.Value;

        await Eventually.GetAsync(
            async () => await kit.WithDbAsync(db => db.RunSteps.CountAsync(s => s.RunId == runId)) >= 150 ? "started" : null,
            TimeSpan.FromSeconds(60),
            "the first worker to record some steps");
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync();
        var atKill = await kit.WithDbAsync(db => db.RunSteps.CountAsync(s => s.RunId == runId));
        Assert.True(atKill < Deals * 3, "The run finished before the worker could be killed; the test proves nothing.");

        var killedAt = DateTimeOffset.UtcNow;
        await using var survivor = new PortalAppFactory(database.ConnectionString, ProcessRole.Worker, fast);
        _ = survivor.Services;
        var run = await kit.FinishedAsync(runId, TimeSpan.FromSeconds(120));

        output.WriteLine($"Steps at the kill: {atKill} of {Deals * 3}; finished {(run.FinishedAt!.Value - killedAt).TotalSeconds:0.0} s later.");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.All(await kit.ItemsAsync(runId), i => Assert.Equal(ItemStatus.Completed, i.Status));
        Assert.Equal(Deals * 3, await kit.WithDbAsync(db => db.RunSteps.CountAsync(s => s.RunId == runId)));
        var comments = await kit.WithDbAsync(db => db.TimelineEntries
            .Where(t => t.EntityType == CrmEntityType.Deal && ids.Contains(t.EntityId))
            .GroupBy(t => new { t.EntityId, t.Text })
            .Select(g => g.Count())
            .ToListAsync());
        Assert.Equal(Deals * 3, comments.Count);
        Assert.All(comments, count => Assert.Equal(1, count));
    }
}
