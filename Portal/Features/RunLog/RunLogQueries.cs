using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Features.Launch;
using Portal.Features.RunLog;

namespace Portal.Features.RunLog;

/// <summary>
/// What the run log is narrowed to. Every part is optional; <see cref="From"/> is inclusive and <see cref="To"/>
/// exclusive (both compare with the launch time).
/// </summary>
public sealed record RunFilter(
    long? ScenarioId = null,
    RunOutcomeKind? Outcome = null,
    string? LaunchedById = null,
    RunSource? Source = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null)
{
    /// <summary>The resource key of what is wrong with the filter, or null when it can be searched.</summary>
    public string? Error => From is { } from && To is { } to && from > to ? RunLogErrors.FromAfterTo : null;
}

/// <summary>Resource keys of the run log's validation messages.</summary>
public static class RunLogErrors
{
    public const string FromAfterTo = "RunLog.Error.FromAfterTo";
}

/// <summary>Where a page of the run log starts: after this run in (LaunchedAt desc, Id desc) order.</summary>
public readonly record struct RunCursor(DateTimeOffset LaunchedAt, long Id);

/// <summary>One line of the run log.</summary>
public sealed record RunLogRow(
    long Id,
    long ScenarioId,
    string ScenarioName,
    CrmEntityType EntityType,
    RunStatus Status,
    int ItemCount,
    int Failed,
    string LaunchedByName,
    DateTimeOffset LaunchedAt,
    RunSource Source)
{
    public RunCursor Cursor => new(LaunchedAt, Id);

    public RunOutcome Outcome => RunOutcome.Of(Status, ItemCount, Failed);
}

/// <summary>A page of runs, newest first; <see cref="Next"/> is where the next (older) page starts, null when none follows.</summary>
public sealed record RunLogPage(IReadOnlyList<RunLogRow> Rows, RunCursor? Next, string? Error = null);

/// <summary>Runs per outcome for a filter (outcomes without runs are absent), or why the filter was refused.</summary>
public sealed record RunCounts(IReadOnlyDictionary<RunOutcomeKind, int> ByOutcome, string? Error = null)
{
    public int Of(RunOutcomeKind outcome) => ByOutcome.GetValueOrDefault(outcome);

    public int Total => ByOutcome.Values.Sum();
}

/// <summary>A scenario whose runs failed items in the window.</summary>
public sealed record FailingScenario(long ScenarioId, string Name, int FailedItems, int FailedRuns, int Runs);

/// <summary>The run log's dashboard over the runs a filter finds (in the last 24 hours unless it names a period).</summary>
public sealed record RunDashboard(
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyDictionary<RunOutcomeKind, int> RunsByOutcome,
    IReadOnlyList<ErrorCodeCount> TopErrors,
    IReadOnlyList<FailingScenario> FailingScenarios);

public sealed record RunLogOption<T>(T Id, string Name);

/// <summary>What the filter bar offers: the scenarios and the launchers of the runs the user may read.</summary>
public sealed record RunLogOptions(IReadOnlyList<RunLogOption<long>> Scenarios, IReadOnlyList<RunLogOption<string>> Launchers);

/// <summary>
/// The support staff's run log: search, counts and the last day's dashboard. Everything is restricted to the runs
/// the user may read (<see cref="RunQueries.ReadableAsync"/>): administrators and support staff read every run, anyone
/// else the runs they launched or that ran as them.
/// </summary>
public sealed class RunLogQueries(IDbContextFactory<PortalDbContext> contextFactory)
{
    public const int MaxTake = 200;
    public const int TopErrorCount = 10;
    public const int FailingScenarioCount = 10;
    public static readonly TimeSpan DashboardWindow = TimeSpan.FromHours(24);

    /// <summary>A page of the runs matching the filter, newest first, after <paramref name="after"/> (null: from the newest).</summary>
    public async Task<RunLogPage> SearchRunsAsync(string userId, RunFilter filter, RunCursor? after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Error is { } error)
        {
            return new RunLogPage([], null, error);
        }

        take = Math.Clamp(take, 1, MaxTake);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = Apply(await RunQueries.ReadableAsync(db, userId, cancellationToken), filter);
        if (after is { } cursor)
        {
            var at = cursor.LaunchedAt.ToUniversalTime();
            var id = cursor.Id;
            runs = runs.Where(r => r.LaunchedAt < at || (r.LaunchedAt == at && r.Id < id));
        }

        var rows = await runs.OrderByDescending(r => r.LaunchedAt).ThenByDescending(r => r.Id).Take(take + 1)
            .Select(r => new RunLogRow(
                r.Id,
                r.ScenarioId,
                r.ScenarioName,
                r.EntityType,
                r.Status,
                r.ItemCount,
                r.FailedCount ?? db.RunItems.Count(i => i.RunId == r.Id && i.Status == ItemStatus.Failed),
                db.Users.Where(u => u.Id == r.LaunchedById).Select(u => u.DisplayName).FirstOrDefault() ?? r.LaunchedById,
                r.LaunchedAt,
                r.Source))
            .ToListAsync(cancellationToken);
        var more = rows.Count > take;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new RunLogPage(rows, more ? rows[^1].Cursor : null);
    }

    /// <summary>The runs matching the filter, per status.</summary>
    public async Task<RunCounts> CountsAsync(string userId, RunFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Error is { } error)
        {
            return new RunCounts(new Dictionary<RunOutcomeKind, int>(), error);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = Apply(await RunQueries.ReadableAsync(db, userId, cancellationToken), filter);
        return new RunCounts(await ByOutcomeAsync(runs, cancellationToken));
    }

    /// <summary>
    /// The runs the filter finds (its scenario, launcher, source and period; not its outcome, which the first card splits
    /// by), in the 24 hours up to <paramref name="now"/> when it names no period: runs by outcome, the most frequent item
    /// error codes and the scenarios with the most failed items.
    /// </summary>
    public async Task<RunDashboard> DashboardAsync(string userId, RunFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var window = filter.From is null && filter.To is null ? filter with { From = now - DashboardWindow, To = now } : filter;
        window = window with { Outcome = null };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // One snapshot for all its queries: a run ending meanwhile is counted once, finished or still going, not never.
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var runs = Apply(await RunQueries.ReadableAsync(db, userId, cancellationToken), window);

        var byOutcome = await ByOutcomeAsync(runs, cancellationToken);
        // Finished runs' counts were kept when they ended; only the runs still going are counted from their items.
        var frozen = await (
                from run in runs
                where run.FailedCount != null
                join count in db.RunErrorCounts on run.Id equals count.RunId
                group count by count.ErrorCode into codes
                select new ErrorCodeCount(codes.Key, codes.Sum(c => c.Count)))
            .ToListAsync(cancellationToken);
        var live = await (
                from run in runs
                where run.FailedCount == null
                join item in db.RunItems on run.Id equals item.RunId
                where item.ErrorCode != null
                group item by item.ErrorCode into codes
                select new ErrorCodeCount(codes.Key!, codes.Count()))
            .ToListAsync(cancellationToken);
        var errors = frozen.Concat(live)
            .GroupBy(c => c.Code, StringComparer.Ordinal)
            .Select(g => new ErrorCodeCount(g.Key, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Take(TopErrorCount)
            .ToList();
        var failing = await runs
            .Select(r => new { r.ScenarioId, Failed = r.FailedCount ?? db.RunItems.Count(i => i.RunId == r.Id && i.Status == ItemStatus.Failed) })
            .GroupBy(r => r.ScenarioId)
            .Select(g => new
            {
                ScenarioId = g.Key,
                FailedItems = g.Sum(r => r.Failed),
                FailedRuns = g.Count(r => r.Failed > 0),
                Runs = g.Count(),
            })
            .Where(g => g.FailedItems > 0)
            .OrderByDescending(g => g.FailedItems).ThenBy(g => g.ScenarioId)
            .Take(FailingScenarioCount)
            .ToListAsync(cancellationToken);
        var ids = failing.Select(f => f.ScenarioId).ToList();
        var names = await db.Scenarios.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var missing = ids.Where(id => !names.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            // A scenario deleted since: the name its last run kept.
            foreach (var run in await runs.Where(r => missing.Contains(r.ScenarioId)).GroupBy(r => r.ScenarioId)
                         .Select(g => new { g.Key, Name = g.Max(r => r.ScenarioName) }).ToListAsync(cancellationToken))
            {
                names[run.Key] = run.Name ?? string.Empty;
            }
        }

        return new RunDashboard(
            window.From,
            window.To,
            byOutcome,
            errors,
            failing.Select(f => new FailingScenario(f.ScenarioId, names.GetValueOrDefault(f.ScenarioId) ?? string.Empty, f.FailedItems, f.FailedRuns, f.Runs)).ToList());
    }

    /// <summary>The scenarios and launchers of the runs the user may read, by name.</summary>
    public async Task<RunLogOptions> OptionsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await RunQueries.ReadableAsync(db, userId, cancellationToken);
        var scenarioIds = runs.Select(r => r.ScenarioId).Distinct();
        var scenarios = await db.Scenarios.Where(s => scenarioIds.Contains(s.Id))
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new RunLogOption<long>(s.Id, s.Name))
            .ToListAsync(cancellationToken);
        var launcherIds = runs.Select(r => r.LaunchedById).Distinct();
        var launchers = await db.Users.Where(u => launcherIds.Contains(u.Id))
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new RunLogOption<string>(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
        return new RunLogOptions(scenarios, launchers);
    }

    private static IQueryable<ScenarioRun> Apply(IQueryable<ScenarioRun> runs, RunFilter filter)
    {
        if (filter.ScenarioId is { } scenarioId)
        {
            runs = runs.Where(r => r.ScenarioId == scenarioId);
        }

        if (filter.Outcome is { } outcome)
        {
            runs = runs.Where(WithOutcome(outcome));
        }

        if (!string.IsNullOrEmpty(filter.LaunchedById))
        {
            var by = filter.LaunchedById;
            runs = runs.Where(r => r.LaunchedById == by);
        }

        if (filter.Source is { } source)
        {
            runs = runs.Where(r => r.Source == source);
        }

        if (filter.From is { } from)
        {
            var start = from.ToUniversalTime();
            runs = runs.Where(r => r.LaunchedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.ToUniversalTime();
            runs = runs.Where(r => r.LaunchedAt < end);
        }

        return runs;
    }

    /// <summary>
    /// The runs of one outcome, in SQL: <see cref="RunOutcome.KindOf"/> with "some failed" and "all failed" read from
    /// the failed count kept when the run ended (a run still going has none, and is queued or running whatever failed).
    /// </summary>
    private static System.Linq.Expressions.Expression<Func<ScenarioRun, bool>> WithOutcome(RunOutcomeKind outcome) => outcome switch
    {
        RunOutcomeKind.Completed => r => r.Status == RunStatus.Completed && !(r.FailedCount > 0),
        RunOutcomeKind.CompletedWithFailures => r => r.Status == RunStatus.Completed && r.FailedCount > 0 && r.FailedCount < r.ItemCount,
        RunOutcomeKind.AllFailed => r => r.Status == RunStatus.Completed && r.FailedCount > 0 && r.FailedCount >= r.ItemCount,
        RunOutcomeKind.Queued => r => r.Status == RunStatus.Queued,
        RunOutcomeKind.Running => r => r.Status == RunStatus.Running,
        _ => r => r.Status == RunStatus.Stopped,
    };

    /// <summary>Runs per outcome: counted in SQL by status and the two failure conditions, then named by <see cref="RunOutcome.KindOf"/>.</summary>
    private static async Task<Dictionary<RunOutcomeKind, int>> ByOutcomeAsync(IQueryable<ScenarioRun> runs, CancellationToken cancellationToken)
    {
        var groups = await runs
            .GroupBy(r => new { r.Status, SomeFailed = r.FailedCount > 0, AllFailed = r.FailedCount >= r.ItemCount })
            .Select(g => new { g.Key.Status, g.Key.SomeFailed, g.Key.AllFailed, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return groups
            .GroupBy(g => RunOutcome.KindOf(g.Status, g.SomeFailed, g.AllFailed))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
    }
}
