using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.RunLog;

public class RunLogQueriesTests(QueuedRunsApp app) : IClassFixture<QueuedRunsApp>
{
    /// <summary>The records of runs written straight: ids no real record has, so tests looking a record's items up never see them.</summary>
    private const long FakeEntityId = 9_000_000_000_000;

    private static int _nextYear;
    private readonly RunTestKit _kit = new(app.Services);

    private RunLogQueries Queries => app.Services.GetRequiredService<RunLogQueries>();

    /// <summary>A moment of the test's own, years ahead, so that no other test's runs fall into its 24 hours.</summary>
    private static DateTimeOffset OwnMoment() =>
        new(2100 + Interlocked.Increment(ref _nextYear), 6, 1, 12, 0, 0, TimeSpan.Zero);

    private Task<PortalUser> SupportAsync() => _kit.Data.UserAsync("Support Person", null, PortalRoles.Support);

    [Fact]
    public async Task Filters_ReturnExactlyTheMatchingRuns_NewestFirst()
    {
        var support = await SupportAsync();
        var alice = await _kit.ManagerAsync();
        var bob = await _kit.ManagerAsync();
        var one = await _kit.ScenarioAsync(RunTestKit.Comment("one"));
        var two = await _kit.ScenarioAsync(RunTestKit.Comment("two"));
        var t = OwnMoment();
        var a1 = await RunAsync(one, alice, t.AddHours(-5), RunStatus.Completed);
        var a2 = await RunAsync(one, alice, t.AddHours(-4), RunStatus.Stopped, RunSource.Api);
        var b1 = await RunAsync(one, bob, t.AddHours(-3), RunStatus.Completed, failures: [ErrorCodes.PhoneMissing]);
        var b2 = await RunAsync(two, bob, t.AddHours(-2), RunStatus.Completed, RunSource.Process);
        var window = new RunFilter(From: t.AddDays(-1), To: t);

        Assert.Equal([b1, a2, a1], await IdsAsync(support, window with { ScenarioId = one.Id }));
        Assert.Equal([b2, a1], await IdsAsync(support, window with { Outcome = RunOutcomeKind.Completed }));
        Assert.Equal([b1], await IdsAsync(support, window with { Outcome = RunOutcomeKind.AllFailed }));
        Assert.Equal([b2, b1], await IdsAsync(support, window with { LaunchedById = bob.Id }));
        Assert.Equal([a2], await IdsAsync(support, window with { Source = RunSource.Api }));
        Assert.Equal([b2], await IdsAsync(support, window with { Source = RunSource.Process }));
        Assert.Equal([a2, a1], await IdsAsync(support, new RunFilter(ScenarioId: one.Id, From: t.AddHours(-5), To: t.AddHours(-3))));
        Assert.Equal([b1], await IdsAsync(support, window with { ScenarioId = one.Id, Outcome = RunOutcomeKind.AllFailed, LaunchedById = bob.Id, Source = RunSource.Ui }));

        var page = await Queries.SearchRunsAsync(support.Id, window with { ScenarioId = one.Id }, null, 10);
        var row = page.Rows.Single(r => r.Id == b1);
        Assert.Equal((one.Id, one.Name, RunStatus.Completed, 1, 1, "Run Manager", RunSource.Ui), (row.ScenarioId, row.ScenarioName, row.Status, row.ItemCount, row.Failed, row.LaunchedByName, row.Source));
        Assert.Equal(t.AddHours(-3), row.LaunchedAt);
        Assert.Equal(new RunOutcome(RunOutcomeKind.AllFailed, 1, 1), row.Outcome);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Counts_ArePerOutcomeForTheFilter()
    {
        var support = await SupportAsync();
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("counts"));
        var other = await _kit.ScenarioAsync(RunTestKit.Comment("other"));
        var t = OwnMoment();
        await RunAsync(scenario, manager, t.AddMinutes(-3), RunStatus.Completed);
        await RunAsync(scenario, manager, t.AddMinutes(-2), RunStatus.Completed);
        await RunAsync(scenario, manager, t.AddMinutes(-1), RunStatus.Stopped);
        await RunAsync(scenario, manager, t, RunStatus.Queued);
        await RunAsync(other, manager, t, RunStatus.Completed);

        var counts = await Queries.CountsAsync(support.Id, new RunFilter(ScenarioId: scenario.Id));

        Assert.Null(counts.Error);
        Assert.Equal(new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.Completed] = 2, [RunOutcomeKind.Stopped] = 1, [RunOutcomeKind.Queued] = 1 }, counts.ByOutcome);
        Assert.Equal(4, counts.Total);
        Assert.Equal(0, counts.Of(RunOutcomeKind.Running));
        Assert.Equal(2, (await Queries.CountsAsync(support.Id, new RunFilter(ScenarioId: scenario.Id, Outcome: RunOutcomeKind.Completed))).Total);
    }

    [Fact]
    public async Task Outcomes_AreCountedAndFilteredInSql_ExactlyAsEachRowsOwnOutcome()
    {
        var support = await SupportAsync();
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("outcomes"));
        var t = OwnMoment();
        var missing = ErrorCodes.PhoneMissing;
        var clean = await RunAsync(scenario, manager, t.AddMinutes(-7), RunStatus.Completed, failures: [null, null]);
        var some = await RunAsync(scenario, manager, t.AddMinutes(-6), RunStatus.Completed, failures: [missing, null, null]);
        var all = await RunAsync(scenario, manager, t.AddMinutes(-5), RunStatus.Completed, failures: [missing, missing]);
        var stopped = await RunAsync(scenario, manager, t.AddMinutes(-4), RunStatus.Stopped, failures: [missing, null]);
        var running = await RunAsync(scenario, manager, t.AddMinutes(-3), RunStatus.Running, failures: [missing, missing]);
        var queued = await RunAsync(scenario, manager, t.AddMinutes(-2), RunStatus.Queued);
        var filter = new RunFilter(ScenarioId: scenario.Id);

        var rows = (await Queries.SearchRunsAsync(support.Id, filter, null, 50)).Rows.ToDictionary(r => r.Id, r => r.Outcome);
        Assert.Equal(new RunOutcome(RunOutcomeKind.Completed, 0, 2), rows[clean]);
        Assert.Equal(new RunOutcome(RunOutcomeKind.CompletedWithFailures, 1, 3), rows[some]);
        Assert.Equal(new RunOutcome(RunOutcomeKind.AllFailed, 2, 2), rows[all]);
        Assert.Equal(new RunOutcome(RunOutcomeKind.Stopped, 1, 2), rows[stopped]);
        Assert.Equal(new RunOutcome(RunOutcomeKind.Running, 0, 2), rows[running]);
        Assert.Equal(new RunOutcome(RunOutcomeKind.Queued, 0, 1), rows[queued]);

        var counts = await Queries.CountsAsync(support.Id, filter);
        Assert.Equal(Enum.GetValues<RunOutcomeKind>().ToDictionary(k => k, _ => 1), counts.ByOutcome);
        foreach (var kind in Enum.GetValues<RunOutcomeKind>())
        {
            Assert.Equal(rows.Where(r => r.Value.Kind == kind).Select(r => r.Key), await IdsAsync(support, filter with { Outcome = kind }));
        }

    }

    [Fact]
    public async Task KeysetPages_NeitherSkipNorRepeat_WhileRunsAreLaunchedBetweenPages()
    {
        var support = await SupportAsync();
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("pages"));
        var deal = await _kit.Data.DealAsync("Paged", manager);
        var now = DateTimeOffset.UtcNow;
        var expected = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            // Two runs share every launch time: the id breaks the tie.
            expected.Add(await RunAsync(scenario, manager, now.AddMinutes(-10 + (i / 2)), RunStatus.Completed));
        }

        expected.Reverse();
        var filter = new RunFilter(ScenarioId: scenario.Id);
        var seen = new List<long>();
        RunCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await Queries.SearchRunsAsync(support.Id, filter, cursor, 3);
            seen.AddRange(page.Rows.Select(r => r.Id));
            cursor = page.Next;
            pages++;
            if (pages <= 2)
            {
                Assert.True((await _kit.LaunchAsync(scenario, manager, [deal.Id])).Launched);
            }
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);

        // The newest page now starts with the two runs launched meanwhile.
        var first = await Queries.SearchRunsAsync(support.Id, filter, null, 3);
        Assert.Equal(expected[0], first.Rows[2].Id);
        Assert.All(first.Rows.Take(2), r => Assert.True(r.Id > expected[0]));
    }

    [Fact]
    public async Task Dashboard_CountsTheLastDay_TopErrorCodesAndFailingScenarios()
    {
        var support = await SupportAsync();
        var manager = await _kit.ManagerAsync();
        var often = await _kit.ScenarioAsync(RunTestKit.Comment("often fails"));
        var seldom = await _kit.ScenarioAsync(RunTestKit.Comment("seldom fails"));
        var fine = await _kit.ScenarioAsync(RunTestKit.Comment("fine"));
        var t = OwnMoment();
        await RunAsync(often, manager, t.AddHours(-1), RunStatus.Completed, failures: [ErrorCodes.PhoneMissing, ErrorCodes.PhoneMissing, ErrorCodes.RightsInsufficient, null]);
        await RunAsync(often, manager, t.AddHours(-2), RunStatus.Completed, failures: [ErrorCodes.PhoneMissing]);
        await RunAsync(often, manager, t.AddHours(-3), RunStatus.Completed, failures: [null]);
        await RunAsync(seldom, manager, t.AddHours(-23), RunStatus.Stopped, failures: [ErrorCodes.PhoneInvalid, null]);
        await RunAsync(fine, manager, t.AddMinutes(-1), RunStatus.Running, failures: [null, null]);

        // Outside the window: a day and a minute before, and after "now".
        await RunAsync(often, manager, t.AddHours(-24).AddMinutes(-1), RunStatus.Completed, failures: [ErrorCodes.EngineFailed]);
        await RunAsync(often, manager, t.AddMinutes(1), RunStatus.Completed, failures: [ErrorCodes.EngineFailed]);

        var dashboard = await Queries.DashboardAsync(support.Id, new RunFilter(), t);

        var byOutcome = new Dictionary<RunOutcomeKind, int>
        {
            [RunOutcomeKind.CompletedWithFailures] = 1,
            [RunOutcomeKind.AllFailed] = 1,
            [RunOutcomeKind.Completed] = 1,
            [RunOutcomeKind.Stopped] = 1,
            [RunOutcomeKind.Running] = 1,
        };
        Assert.Equal(byOutcome, dashboard.RunsByOutcome);
        Assert.Equal(
            [new(ErrorCodes.PhoneMissing, 3), new(ErrorCodes.PhoneInvalid, 1), new(ErrorCodes.RightsInsufficient, 1)],
            dashboard.TopErrors);
        Assert.Equal(
            [new(often.Id, often.Name, 4, 2, 3), new(seldom.Id, seldom.Name, 1, 1, 1)],
            dashboard.FailingScenarios);
        Assert.Equal(t.AddDays(-1), dashboard.From);
    }

    [Fact]
    public async Task Dashboard_FollowsTheFiltersScenarioLauncherAndPeriod_ButNotItsOutcome()
    {
        var support = await SupportAsync();
        var alice = await _kit.ManagerAsync();
        var bob = await _kit.ManagerAsync();
        var watched = await _kit.ScenarioAsync(RunTestKit.Comment("watched"));
        var other = await _kit.ScenarioAsync(RunTestKit.Comment("other"));
        var t = OwnMoment();
        await RunAsync(watched, alice, t.AddDays(-3), RunStatus.Completed, failures: [ErrorCodes.PhoneMissing, null]);
        await RunAsync(watched, alice, t.AddDays(-2), RunStatus.Completed, failures: [null]);
        await RunAsync(watched, bob, t.AddDays(-3), RunStatus.Completed, failures: [ErrorCodes.LineUnavailable]);
        await RunAsync(other, alice, t.AddDays(-3), RunStatus.Completed, failures: [ErrorCodes.PhoneInvalid]);
        await RunAsync(watched, alice, t.AddDays(-10), RunStatus.Completed, failures: [ErrorCodes.EngineFailed]);

        var dashboard = await Queries.DashboardAsync(
            support.Id, new RunFilter(ScenarioId: watched.Id, Outcome: RunOutcomeKind.Completed, LaunchedById: alice.Id, From: t.AddDays(-4), To: t), t);

        Assert.Equal(new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.CompletedWithFailures] = 1, [RunOutcomeKind.Completed] = 1 }, dashboard.RunsByOutcome);
        Assert.Equal([new(ErrorCodes.PhoneMissing, 1)], dashboard.TopErrors);
        Assert.Equal([new(watched.Id, watched.Name, 1, 1, 2)], dashboard.FailingScenarios);
        Assert.Equal((t.AddDays(-4), t), (dashboard.From, dashboard.To));
        Assert.Empty((await Queries.DashboardAsync(support.Id, new RunFilter(ScenarioId: watched.Id), t)).RunsByOutcome);
    }

    [Fact]
    public async Task SupportAndAdministratorSeeEveryRun_AManagerOnlyTheirs()
    {
        var support = await SupportAsync();
        var admin = await _kit.Data.UserAsync("Admin Person", null, PortalRoles.Administrator);
        var alice = await _kit.ManagerAsync();
        var bob = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("rights"));
        var t = OwnMoment();
        var byAlice = await RunAsync(scenario, alice, t.AddMinutes(-3), RunStatus.Completed, failures: [ErrorCodes.PhoneMissing]);
        var byBob = await RunAsync(scenario, bob, t.AddMinutes(-2), RunStatus.Completed, failures: [ErrorCodes.LineUnavailable]);
        var asAlice = await RunAsync(scenario, bob, t.AddMinutes(-1), RunStatus.Completed, runAs: alice);
        var filter = new RunFilter(ScenarioId: scenario.Id);

        Assert.Equal([asAlice, byBob, byAlice], await IdsAsync(support, filter));
        Assert.Equal([asAlice, byBob, byAlice], await IdsAsync(admin, filter));
        Assert.Equal([asAlice, byAlice], await IdsAsync(alice, filter));
        Assert.Equal(2, (await Queries.CountsAsync(alice.Id, filter)).Total);

        var hers = await Queries.DashboardAsync(alice.Id, new RunFilter(), t);
        Assert.Equal([new(ErrorCodes.PhoneMissing, 1)], hers.TopErrors);
        Assert.Equal(new Dictionary<RunOutcomeKind, int> { [RunOutcomeKind.AllFailed] = 1, [RunOutcomeKind.Completed] = 1 }, hers.RunsByOutcome);
        Assert.Equal([new(scenario.Id, scenario.Name, 1, 1, 2)], hers.FailingScenarios);
        Assert.Equal(2, (await Queries.DashboardAsync(support.Id, new RunFilter(), t)).TopErrors.Count);

        var options = await Queries.OptionsAsync(alice.Id);
        Assert.Contains(options.Scenarios, s => s.Id == scenario.Id && s.Name == scenario.Name);
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), options.Launchers.Select(l => l.Id).Order());
        Assert.Contains((await Queries.OptionsAsync(support.Id)).Launchers, l => l.Id == bob.Id);
    }

    [Fact]
    public async Task ARunsItems_PageByKeysetNextToTheShownPage_AndFromTheEnd_ExactlyAsCountingRowsWould()
    {
        var support = await SupportAsync();
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("paged items"));
        var outcomes = Enumerable.Range(0, 47).Select(i => i % 3 == 0 ? ErrorCodes.PhoneMissing : null).ToArray();
        var runId = await RunAsync(scenario, manager, OwnMoment(), RunStatus.Completed, failures: outcomes);
        var runs = app.Services.GetRequiredService<Portal.Features.RunLog.RunQueries>();
        var all = (await _kit.ItemsAsync(runId)).Select(i => i.Id).ToList();
        var failed = (await _kit.ItemsAsync(runId)).Where(i => i.Status == ItemStatus.Failed).Select(i => i.Id).ToList();

        async Task<(List<long> Ids, Portal.Features.RunLog.ShownItems? Shown)> PageAsync(int skip, Portal.Features.RunLog.ShownItems? shown, ItemStatus? status = null)
        {
            var request = new Portal.Features.Crm.PageRequest(skip, 10);
            var page = await runs.ItemsAsync(support.Id, runId, status, request, shown: shown);
            return (page.Rows.Select(r => r.Id).ToList(), Portal.Features.RunLog.ShownItems.Of(request, page.Rows));
        }

        // Forward page by page from the first, then back again: each page is its slice of the whole.
        Portal.Features.RunLog.ShownItems? on = null;
        for (var skip = 0; skip < 50; skip += 10)
        {
            (var ids, on) = await PageAsync(skip, on);
            Assert.Equal(all.Skip(skip).Take(10), ids);
        }

        for (var skip = 30; skip >= 0; skip -= 10)
        {
            (var ids, on) = await PageAsync(skip, on);
            Assert.Equal(all.Skip(skip).Take(10), ids);
        }

        // The same page again (a live refresh), the last page straight away, a jump into the middle, past the end.
        Assert.Equal(all.Take(10), (await PageAsync(0, on)).Ids);
        Assert.Equal(all.Skip(40), (await PageAsync(40, null)).Ids);
        Assert.Equal(all.Skip(30).Take(10), (await PageAsync(30, null)).Ids);
        Assert.Equal(all.Skip(10).Take(10), (await PageAsync(10, null)).Ids);
        Assert.Empty((await PageAsync(50, null)).Ids);

        // Filtered: 16 failed items.
        var (firstFailed, shownFailed) = await PageAsync(0, null, ItemStatus.Failed);
        Assert.Equal(failed.Take(10), firstFailed);
        Assert.Equal(failed.Skip(10), (await PageAsync(10, shownFailed, ItemStatus.Failed)).Ids);
    }

    [Fact]
    public async Task FromAfterTo_IsAValidationResult()
    {
        var support = await SupportAsync();
        var t = OwnMoment();
        var filter = new RunFilter(From: t, To: t.AddDays(-1));

        var page = await Queries.SearchRunsAsync(support.Id, filter, null, 10);
        var counts = await Queries.CountsAsync(support.Id, filter);

        Assert.Equal((RunLogErrors.FromAfterTo, 0, (RunCursor?)null), (page.Error, page.Rows.Count, page.Next));
        Assert.Equal(RunLogErrors.FromAfterTo, counts.Error);
        Assert.Null((await Queries.SearchRunsAsync(support.Id, new RunFilter(From: t, To: t), null, 10)).Error);
    }

    private async Task<List<long>> IdsAsync(PortalUser user, RunFilter filter) =>
        (await Queries.SearchRunsAsync(user.Id, filter, null, 50)).Rows.Select(r => r.Id).ToList();

    /// <summary>
    /// A run written straight to the database, launched at <paramref name="at"/>, with one item per entry of
    /// <paramref name="failures"/> (an error code: failed with it; null: completed), or one completed item.
    /// </summary>
    private Task<long> RunAsync(
        Scenario scenario, PortalUser by, DateTimeOffset at, RunStatus status, RunSource source = RunSource.Ui, string?[]? failures = null, PortalUser? runAs = null) =>
        InsertRunAsync(_kit, scenario, by, at, status, source, failures, runAs);

    /// <inheritdoc cref="RunAsync"/>
    internal static async Task<long> InsertRunAsync(
        RunTestKit kit, Scenario scenario, PortalUser by, DateTimeOffset at, RunStatus status, RunSource source = RunSource.Ui, string?[]? failures = null, PortalUser? runAs = null,
        bool waiting = false)
    {
        ArgumentNullException.ThrowIfNull(kit);
        failures ??= [null];
        var run = ScenarioRun.Launch(scenario, new Dictionary<string, string>(), failures.Length, 250, by.Id, (runAs ?? by).Id, source, at, "en");
        await kit.WithDbAsync(async db =>
        {
            // One transaction: the engine of a browser test's app must never see the run without its items (it would end it).
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ScenarioRuns.Add(run);
            await db.SaveChangesAsync();
            for (var i = 0; i < failures.Length; i++)
            {
                var item = RunItem.Queued(run.Id, FakeEntityId + i, 0, at);
                if (failures[i] is { } code)
                {
                    item.Fail(code, null, at);
                }
                else if (waiting)
                {
                    // Still to go on tomorrow, with a step after the wait (a wait as the last step would complete the item,
                    // and the sweep would then end the run for having nothing pending).
                    item.Start(at);
                    item.WaitUntil(at.AddDays(1), 2, at);
                }
                else
                {
                    item.Start(at);
                    item.StepDone(1, at);
                }

                db.RunItems.Add(item);
            }

            await db.SaveChangesAsync();
            await db.ScenarioRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status));
            if (!status.IsActive())
            {
                // As the engine does when a run ends.
                await RunTotals.FreezeAsync(db, run.Id, CancellationToken.None);
            }

            await transaction.CommitAsync();
        });
        return run.Id;
    }
}
