using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>The engine when others touch the same rows: a record edited elsewhere mid-round, a run whose end was not written.</summary>
public class RunConcurrencyTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    [Fact]
    public async Task ARecordEditedElsewhereWhileTheRoundWorks_NeitherFailsTheRoundNorLosesTheOtherEdit()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.ChangeStage(5));
        var deals = new List<Deal>();
        for (var i = 0; i < 20; i++)
        {
            deals.Add(await _kit.Data.DealAsync($"Concurrent {i}", manager));
        }

        var edited = deals[7];

        // Someone saves the card of one of the deals: their transaction has changed the row and not committed yet
        // when the run's round comes to it.
        await using var card = new NpgsqlConnection(app.ConnectionString);
        await card.OpenAsync();
        await using var cardSave = await card.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("""UPDATE "Deals" SET "Title" = 'Edited on the card' WHERE "Id" = @id""", card, cardSave))
        {
            update.Parameters.AddWithValue("id", edited.Id);
            await update.ExecuteNonQueryAsync();
        }

        var launch = await _kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        Assert.True(launch.Launched, launch.ErrorCode);

        // The round waits for the card's row lock (counted, not timed), then the card's save commits.
        await Eventually.GetAsync(
            async () => await _kit.WithDbAsync(db => db.Database
                .SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                .SingleAsync()) > 0 ? "waiting" : null,
            what: "the run's round to wait for the card's row");
        await cardSave.CommitAsync();

        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.All(await _kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var after = await _kit.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == edited.Id));
        Assert.Equal("Edited on the card", after.Title);
        Assert.Equal(5, after.StageId);
    }

    [Fact]
    public async Task ARunWhoseItemsAreAllOver_ButWhoseEndWasNotWritten_IsEndedByTheSweep_AndFreesItsSlot()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Done"));
        var deal = await _kit.Data.DealAsync("Finished but not ended", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        var runId = launch.RunId!.Value;
        await _kit.FinishedAsync(runId);

        // What a finishing write lost for good leaves behind: every item over, the run still running.
        await _kit.WithDbAsync(db => db.ScenarioRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.FinishedAt, (DateTimeOffset?)null)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RescheduleStaleAsync();
        }

        var run = await _kit.WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.NotNull(run.FinishedAt);
    }
}
