using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Features.Account;
using Portal.Features.Crm;

namespace Portal.Features.RunLog;

/// <summary>A business-process instance that launched a run: its template's name and the record it ran on.</summary>
public sealed record RunProcessOrigin(long InstanceId, string TemplateName, CrmEntityType EntityType, long EntityId)
{
    /// <summary>The reader may not read the process's record now (<see cref="RecordSight"/>): its number and link are not shown.</summary>
    public bool RecordHidden { get; init; }
}

/// <summary>The page of a run's items on screen: where it started and its first and last item, for the pages next to it.</summary>
public sealed record ShownItems(int Skip, int Take, long FirstId, long LastId)
{
    public static ShownItems? Of(PageRequest page, IReadOnlyList<RunItemRow> rows) =>
        page is null || rows.Count == 0 ? null : new(page.SafeSkip, page.SafeTake, rows[0].Id, rows[^1].Id);
}

public sealed record RunSummary(
    long Id,
    long ScenarioId,
    string ScenarioName,
    int ScenarioVersion,
    CrmEntityType EntityType,
    RunStatus Status,
    RunSource Source,
    string LaunchedByName,
    string RunAsName,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int ItemCount,
    IReadOnlyDictionary<ItemStatus, int> Counts,
    long? RerunOfId,
    IReadOnlyDictionary<string, string> LaunchValues,
    bool MayControl)
{
    /// <summary>The business process that launched the run (its template and record), when one did.</summary>
    public RunProcessOrigin? Process { get; init; }

    /// <summary>Messages whose worker stopped during the call: whether they went out is not known.</summary>
    public int UncertainMessages { get; init; }

    /// <summary>Whether the reader is an administrator, who may send the uncertain messages again.</summary>
    public bool MaySendUncertainAgain { get; init; }

    public int Count(ItemStatus status) => Counts.GetValueOrDefault(status);

    /// <summary>What the run came to (its status while it goes on), counted from its items as they stand.</summary>
    public RunOutcome Outcome => RunOutcome.Of(Status, ItemCount, Count(ItemStatus.Failed));

    public int Finished => Count(ItemStatus.Completed) + Count(ItemStatus.Failed) + Count(ItemStatus.Terminated);
}

public sealed record RunItemRow(
    long Id,
    long EntityId,
    string? EntityTitle,
    ItemStatus Status,
    int NextStep,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ResumeAt)
{
    /// <summary>
    /// The reader may not read the item's record now (<see cref="RecordSight"/>): its title, error detail, resolved values
    /// and messages are left out; its status and error code remain.
    /// </summary>
    public bool RecordHidden { get; init; }
}

public sealed record RunStepRow(
    int StepIndex,
    string RobotKey,
    StepStatus Status,
    IReadOnlyDictionary<string, string?> Inputs,
    string? Output,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>The WhatsApp messages the step sent (or is sending), with their delivery status and every attempt.</summary>
    public IReadOnlyList<StepMessageRow> Messages { get; init; } = [];
}

public sealed record StepMessageRow(
    string To,
    MessageStatus Status,
    string? ProviderMessageId,
    string? ErrorCode,
    int? ProviderCode,
    string? ProviderError,
    DateTimeOffset? StatusAt,
    IReadOnlyList<MessageAttemptRow> Attempts);

public sealed record MessageAttemptRow(int Number, DateTimeOffset At, int? HttpStatus, int? ProviderCode, SendDecisionKind Outcome, string? Detail);

/// <summary>
/// Reads runs for the run page. Administrators and support staff read every run; anyone else the runs they
/// launched or that ran as them, with the records they may not read now hidden (<see cref="RecordSight"/>).
/// </summary>
public sealed class RunQueries(IDbContextFactory<PortalDbContext> contextFactory, RunControl control, CrmAccess access)
{
    public async Task<RunSummary?> GetAsync(string userId, long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || !await MayReadAsync(db, userId, run, cancellationToken))
        {
            return null;
        }

        var counts = await db.RunItems.Where(i => i.RunId == runId)
            .GroupBy(i => i.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var uncertain = await db.WhatsAppMessages.CountAsync(m => m.RunId == runId && m.Status == MessageStatus.Uncertain, cancellationToken);
        var names = await db.Users.Where(u => u.Id == run.LaunchedById || u.Id == run.RunAsId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new RunSummary(
            run.Id,
            run.ScenarioId,
            run.ScenarioName,
            run.ScenarioVersion,
            run.EntityType,
            run.Status,
            run.Source,
            names.GetValueOrDefault(run.LaunchedById) ?? run.LaunchedById,
            names.GetValueOrDefault(run.RunAsId) ?? run.RunAsId,
            run.LaunchedAt,
            run.StartedAt,
            run.FinishedAt,
            run.ItemCount,
            counts,
            run.RerunOfId,
            run.LaunchValues,
            run.Status.IsActive() || counts.GetValueOrDefault(ItemStatus.Failed) > 0 ? await control.MayControlAsync(userId, run, cancellationToken) : false)
        {
            UncertainMessages = uncertain,
            MaySendUncertainAgain = uncertain > 0 && await control.IsAdministratorAsync(userId, cancellationToken),
            Process = await ProcessOriginAsync(db, userId, run, cancellationToken),
        };
    }

    private async Task<RunProcessOrigin?> ProcessOriginAsync(PortalDbContext db, string userId, ScenarioRun run, CancellationToken cancellationToken)
    {
        if (run.ProcessInstanceId is not { } instanceId
            || await db.ProcessInstances.Where(i => i.Id == instanceId)
                .Select(i => new RunProcessOrigin(i.Id, i.TemplateName, i.EntityType, i.EntityId))
                .SingleOrDefaultAsync(cancellationToken) is not { } origin)
        {
            return null;
        }

        var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);
        var shown = await sight.ShownAsync(db, origin.EntityType, [origin.EntityId], cancellationToken);
        return origin with { RecordHidden = !shown(origin.EntityId) };
    }

    /// <summary>Whether the run exists and the user may read it (an empty page of items does not say which).</summary>
    public async Task<bool> IsReadableAsync(string userId, long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await RunExport.ReadableRunAsync(db, userId, runId, cancellationToken) is not null;
    }

    /// <summary>
    /// A page of the run's items in launch order, optionally of one status, of one error code and of the records found by
    /// <paramref name="record"/> (an id, or part of a name; only among the records the reader sees). With the page shown
    /// before (<paramref name="shown"/>), the next, the previous and the same page are read by keyset (from that page's
    /// first or last item id); the last pages are read from the end; only a jump into the middle counts rows, from
    /// whichever end is nearer.
    /// </summary>
    public async Task<PageOf<RunItemRow>> ItemsAsync(
        string userId,
        long runId,
        ItemStatus? status,
        PageRequest page,
        string? errorCode = null,
        ShownItems? shown = null,
        string? record = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || !await MayReadAsync(db, userId, run, cancellationToken))
        {
            return new PageOf<RunItemRow>([], 0);
        }

        var items = db.RunItems.AsNoTracking().Where(i => i.RunId == runId);
        if (status is { } wanted)
        {
            items = items.Where(i => i.Status == wanted);
        }

        if (!string.IsNullOrEmpty(errorCode))
        {
            items = items.Where(i => i.ErrorCode == errorCode);
        }

        var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);
        if (SearchText.From(record) is { } text)
        {
            var found = Found(db, sight, run.EntityType, text, long.TryParse(record, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null);
            items = items.Where(i => found.Contains(i.EntityId));
        }

        var total = await items.LongCountAsync(cancellationToken);
        var rows = await SeekAsync(items, total, page.SafeSkip, page.SafeTake, shown, cancellationToken);
        var ids = rows.Select(r => r.EntityId).ToList();
        var titles = await TitlesAsync(db, run.EntityType, ids, cancellationToken);
        var visible = await sight.ShownAsync(db, run.EntityType, ids, cancellationToken);
        return new PageOf<RunItemRow>(
            rows.Select(i => visible(i.EntityId)
                ? new RunItemRow(i.Id, i.EntityId, titles.GetValueOrDefault(i.EntityId), i.Status, i.NextStep, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt, i.ResumeAt)
                : new RunItemRow(i.Id, i.EntityId, null, i.Status, i.NextStep, i.ErrorCode, null, i.StartedAt, i.FinishedAt, i.ResumeAt) { RecordHidden = true }).ToList(),
            total);
    }

    /// <summary>The ids of the records of the type the reader sees whose id is <paramref name="id"/> or whose name has the text.</summary>
    private static IQueryable<long> Found(PortalDbContext db, RecordSight sight, CrmEntityType type, SearchText text, long? id)
    {
        var pattern = text.Pattern;
        return type switch
        {
            CrmEntityType.Deal => sight.Shown<Deal>(db, type).Where(r => r.Id == id || EF.Functions.ILike(r.Title, pattern)).Select(r => r.Id),
            CrmEntityType.Lead => sight.Shown<Lead>(db, type).Where(r => r.Id == id || EF.Functions.ILike(r.Title, pattern)).Select(r => r.Id),
            CrmEntityType.Company => sight.Shown<Company>(db, type).Where(r => r.Id == id || EF.Functions.ILike(r.Name, pattern)).Select(r => r.Id),
            CrmEntityType.Contact => sight.Shown<Contact>(db, type)
                .Where(r => r.Id == id || EF.Functions.ILike(r.FirstName, pattern) || (r.LastName != null && EF.Functions.ILike(r.LastName, pattern)))
                .Select(r => r.Id),
            _ => Enumerable.Empty<long>().AsQueryable(),
        };
    }

    private static async Task<List<RunItem>> SeekAsync(IQueryable<RunItem> items, long total, int skip, int take, ShownItems? shown, CancellationToken cancellationToken)
    {
        var ascending = items.OrderBy(i => i.Id);
        shown = shown?.Take == take ? shown : null;
        if (skip == 0)
        {
            // The first page from the start, always: an item of a lower id may join it (a filter on a run going on).
            return await ascending.Take(take).ToListAsync(cancellationToken);
        }

        if (shown is { } before && skip == before.Skip)
        {
            var first = before.FirstId;
            return await ascending.Where(i => i.Id >= first).Take(take).ToListAsync(cancellationToken);
        }

        if (shown is { } previous && skip == previous.Skip + take)
        {
            var last = previous.LastId;
            return await ascending.Where(i => i.Id > last).Take(take).ToListAsync(cancellationToken);
        }

        if (shown is { } next && skip == next.Skip - take)
        {
            var first = next.FirstId;
            return await Reversed(items.Where(i => i.Id < first).OrderByDescending(i => i.Id).Take(take), cancellationToken);
        }

        if (skip <= total - skip - take)
        {
            return await ascending.Skip(skip).Take(take).ToListAsync(cancellationToken);
        }

        // Nearer the end: the page counted from there (the last page takes no offset at all).
        var onPage = (int)Math.Clamp(total - skip, 0, take);
        var fromEnd = (int)Math.Max(0, total - skip - onPage);
        return await Reversed(items.OrderByDescending(i => i.Id).Skip(fromEnd).Take(onPage), cancellationToken);
    }

    private static async Task<List<RunItem>> Reversed(IQueryable<RunItem> query, CancellationToken cancellationToken)
    {
        var rows = await query.ToListAsync(cancellationToken);
        rows.Reverse();
        return rows;
    }

    /// <summary>The error codes of the run's items with their counts, for the run page's error filter.</summary>
    public Task<IReadOnlyList<ErrorCodeCount>> ErrorCodesAsync(string userId, long runId, CancellationToken cancellationToken = default) =>
        RunExport.ErrorCodesAsync(contextFactory, userId, runId, cancellationToken);

    /// <summary>The steps an item has taken, in order.</summary>
    public async Task<IReadOnlyList<RunStepRow>> StepsAsync(string userId, long itemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.RunItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        var run = item is null ? null : await db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == item.RunId, cancellationToken);
        if (run is null || !await MayReadAsync(db, userId, run, cancellationToken))
        {
            return [];
        }

        var steps = await db.RunSteps.AsNoTracking().Where(s => s.ItemId == itemId).OrderBy(s => s.StepIndex).ToListAsync(cancellationToken);
        var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);
        if (!(await sight.ShownAsync(db, run.EntityType, [item!.EntityId], cancellationToken))(item.EntityId))
        {
            // A record the reader may not read now: which robots ran and how they ended, nothing of what they resolved or sent.
            return steps.Select(s => new RunStepRow(s.StepIndex, s.RobotKey, s.Status, new Dictionary<string, string?>(), null, s.ErrorCode, null, s.StartedAt, s.FinishedAt)).ToList();
        }

        var messages = await StepMessagesAsync(db, itemId, cancellationToken);
        var rows = steps.Select(s => new RunStepRow(s.StepIndex, s.RobotKey, s.Status, s.Inputs, s.Output, s.ErrorCode, s.ErrorDetail, s.StartedAt, s.FinishedAt)
        {
            Messages = messages.GetValueOrDefault(s.StepIndex) ?? [],
        }).ToList();

        // A step still sending has no record yet: it is shown with its messages as they stand.
        foreach (var (index, pending) in messages.Where(m => steps.All(s => s.StepIndex != m.Key)))
        {
            var robot = index < run.Steps.Count ? run.Steps[index].RobotKey : string.Empty;
            var started = pending.Min(m => m.Attempts.Count > 0 ? m.Attempts[0].At : (DateTimeOffset?)null) ?? run.LaunchedAt;
            rows.Add(new RunStepRow(index, robot, StepStatus.Pending, new Dictionary<string, string?>(), null, null, null, started, started) { Messages = pending });
        }

        return rows.OrderBy(r => r.StepIndex).ToList();
    }

    private static async Task<Dictionary<int, List<StepMessageRow>>> StepMessagesAsync(PortalDbContext db, long itemId, CancellationToken cancellationToken)
    {
        var messages = await db.WhatsAppMessages.AsNoTracking()
            .Where(m => m.RunItemId == itemId)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return [];
        }

        var ids = messages.Select(m => m.Id).ToList();
        var attempts = (await db.MessageAttempts.AsNoTracking().Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Number).ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId);
        return messages
            .GroupBy(m => m.StepIndex ?? 0)
            .ToDictionary(
                g => g.Key,
                g => g.Select(m => new StepMessageRow(
                        m.To, m.Status, m.ProviderMessageId, m.ErrorCode, m.ProviderCode, m.ProviderError, m.StatusAt,
                        attempts[m.Id].Select(a => new MessageAttemptRow(a.Number, a.At, a.HttpStatus, a.ProviderCode, a.Outcome, a.Detail)).ToList()))
                    .ToList());
    }

    /// <summary>Who may read a run: whoever launched it or it ran as, administrators and support staff.</summary>
    internal static async Task<bool> MayReadAsync(PortalDbContext db, string userId, ScenarioRun run, CancellationToken cancellationToken)
    {
        if (run.LaunchedById == userId || run.RunAsId == userId)
        {
            return true;
        }

        return (await UserRoles.OfAsync(db, userId, cancellationToken)).ReadsEverything;
    }

    /// <summary>The query-side <see cref="MayReadAsync"/>: the runs the user may read (untracked), to filter further in SQL.</summary>
    internal static async Task<IQueryable<ScenarioRun>> ReadableAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        var runs = db.ScenarioRuns.AsNoTracking();
        return (await UserRoles.OfAsync(db, userId, cancellationToken)).ReadsEverything
            ? runs
            : runs.Where(r => r.LaunchedById == userId || r.RunAsId == userId);
    }

    /// <summary>The display titles of CRM records of one type, by id (records that no longer exist are absent).</summary>
    internal static async Task<Dictionary<long, string>> TitlesAsync(PortalDbContext db, CrmEntityType type, List<long> ids, CancellationToken cancellationToken) =>
        type switch
        {
            CrmEntityType.Deal => await db.Deals.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, cancellationToken),
            CrmEntityType.Lead => await db.Leads.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, cancellationToken),
            CrmEntityType.Company => await db.Companies.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken),
            CrmEntityType.Contact => await db.Contacts.Where(r => ids.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, r => r.FirstName + (r.LastName == null ? "" : " " + r.LastName), cancellationToken),
            _ => [],
        };
}
