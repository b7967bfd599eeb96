using Portal.Domain.Common;
using Portal.Domain.Crm;

namespace Portal.Domain.Processes;

public enum ProcessStatus
{
    Queued,
    Running,

    /// <summary>At a "Wait" activity until <see cref="ProcessInstance.ResumeAt"/> (or until its record leaves <see cref="ProcessInstance.WaitStage"/>); no worker holds it.</summary>
    Waiting,
    Completed,
    Failed,

    /// <summary>Someone stopped it (<see cref="ProcessInstance.StoppedById"/>): it runs nothing more.</summary>
    Stopped,
}

/// <summary>
/// Which statuses are final. Everything else is still going (queued, running, or any waiting state added later) and may
/// be stopped; one list, so the domain, the executor and the set-based stop in SQL agree.
/// </summary>
public static class ProcessStatuses
{
    public static IReadOnlyList<ProcessStatus> Finished { get; } = [ProcessStatus.Completed, ProcessStatus.Failed, ProcessStatus.Stopped];

    public static bool IsFinished(this ProcessStatus status) => Finished.Contains(status);
}

/// <summary>How an instance started.</summary>
public enum ProcessTrigger
{
    Manual,
    Created,
    StageChanged,
}

/// <summary>
/// One execution of a template on one record: a snapshot of the activities, who started it, how far it got
/// (<see cref="NextActivity"/>, advanced in the same transaction as each activity's effect and log line, so a
/// worker that dies mid-way leaves it where the next one goes on) and the <see cref="Variables"/> its activities set.
/// <para>
/// Loop protection: an instance started by a change another instance made (through a scenario run it launched or an
/// activity of its own) has that instance as <see cref="ParentId"/>, one more <see cref="Depth"/>, and inherits its
/// <see cref="Chain"/>: every "scenario on record" the chain has started. Starting one of those again is refused.
/// </para>
/// Automatic instances are written by database triggers on the CRM tables (see the ProcessTriggers migration), in the
/// transaction of the change itself, so no path that creates or moves a record can skip them.
/// </summary>
public sealed class ProcessInstance
{
    private List<ProcessActivity> _activities = [];
    private Dictionary<string, string> _startValues = new(StringComparer.Ordinal);
    private List<string> _chain = [];
    private Dictionary<string, ProcessVariable> _variables = new(StringComparer.Ordinal);
    private ProcessPlan? _plan;

    private ProcessInstance()
    {
    }

    public long Id { get; private set; }

    public long TemplateId { get; private set; }

    public string TemplateName { get; private set; } = string.Empty;

    public CrmEntityType EntityType { get; private set; }

    public long EntityId { get; private set; }

    public ProcessTrigger Trigger { get; private set; }

    public string StartedById { get; private set; } = string.Empty;

    /// <summary>
    /// The culture its values render in and its scenarios run in: the language of whoever started it by hand; null for
    /// an automatic start (the database starts those), which takes the portal's default culture.
    /// </summary>
    public string? Culture { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public ProcessStatus Status { get; private set; }

    /// <summary>
    /// The position: the <see cref="ProcessPlan"/> ordinal of the activity to run next, nested ones included (for activities
    /// without conditions, simply their index); <see cref="ProcessPlan.Count"/> once past the last.
    /// </summary>
    public int NextActivity { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When a worker was last asked to run it (null: not yet); the dispatcher asks again when it stays untouched.</summary>
    public DateTimeOffset? ScheduledAt { get; private set; }

    /// <summary>
    /// While <see cref="ProcessStatus.Waiting"/>: when it goes on. For a wait for the stage to change, when it looks again
    /// whether it did (the CRM tables' triggers bring this forward to the moment of the change).
    /// </summary>
    public DateTimeOffset? ResumeAt { get; private set; }

    /// <summary>While waiting for the record's stage (a lead's status) to change: the stage it waits to leave.</summary>
    public int? WaitStage { get; private set; }

    public long? ParentId { get; private set; }

    /// <summary>Who stopped it (null: nobody did); <see cref="FinishedAt"/> says when.</summary>
    public string? StoppedById { get; private set; }

    public int Depth { get; private set; }

    public IReadOnlyList<ProcessActivity> Activities => _activities;

    /// <summary>The activities numbered in reading order, which <see cref="NextActivity"/> and the log's activity numbers refer to.</summary>
    public ProcessPlan Plan => _plan ??= ProcessPlan.Of(_activities);

    public IReadOnlyDictionary<string, string> StartValues => _startValues;

    /// <summary>The variables set so far, by name (<c>{{Variables.Name}}</c>).</summary>
    public IReadOnlyDictionary<string, ProcessVariable> Variables => _variables;

    /// <summary>Every "scenario on record" the chain has started: the ones inherited from the parent, then this instance's own.</summary>
    public IReadOnlyList<string> Chain => _chain;

    /// <summary>How many of <see cref="Chain"/>'s links came from the parent (the rest this instance added itself).</summary>
    public int InheritedLinks { get; private set; }

    /// <summary>
    /// Whether starting this link would loop: an ancestor started it. A link this instance added itself (an activity
    /// retried after its worker died before the launch was written) is no loop.
    /// </summary>
    public bool WouldLoop(string link) => _chain.Take(InheritedLinks).Contains(link, StringComparer.Ordinal);

    public static ProcessInstance Start(
        ProcessTemplate template, long entityId, ProcessTrigger trigger, string startedById, IReadOnlyDictionary<string, string> startValues, DateTimeOffset now, string? culture = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(startValues);
        return new ProcessInstance
        {
            TemplateId = template.Id,
            TemplateName = template.Name,
            EntityType = template.EntityType,
            EntityId = entityId,
            Trigger = trigger,
            StartedById = startedById,
            Culture = culture,
            StartedAt = now,
            UpdatedAt = now,
            Status = ProcessStatus.Queued,
            _activities = template.Activities.ToList(),
            _startValues = new Dictionary<string, string>(startValues, StringComparer.Ordinal),
        };
    }

    public static string ChainLink(long scenarioId, CrmEntityType type, long entityId) => $"{scenarioId}:{type}:{entityId}";

    public bool IsOver => Status.IsFinished();

    public void Begin(DateTimeOffset now)
    {
        if (Status == ProcessStatus.Queued)
        {
            Status = ProcessStatus.Running;
        }

        UpdatedAt = now;
    }

    /// <summary>The activity at <see cref="NextActivity"/> is done: the one after it runs next (after a branch's last, what follows its condition); the last one completes the instance.</summary>
    public void ActivityDone(DateTimeOffset now) => MoveTo(NextActivity < Plan.Count ? Plan[NextActivity].Next : Plan.Count, now);

    /// <summary>
    /// The condition at <see cref="NextActivity"/> chose <paramref name="branch"/> (null: none held): that branch's first activity
    /// runs next, or, for an empty branch or none, what follows the condition.
    /// </summary>
    public void BranchTaken(int? branch, DateTimeOffset now)
    {
        var condition = Plan[NextActivity];
        if (condition.Activity.Kind != ProcessActivities.Condition)
        {
            throw new InvalidOperationException($"Activity {NextActivity} is no condition.");
        }

        MoveTo(branch is { } taken ? condition.BranchStarts[taken] : condition.Next, now);
    }

    /// <summary>
    /// The wait at <see cref="NextActivity"/> begins: nothing runs until <paramref name="resumeAt"/> (and, with
    /// <paramref name="stage"/>, until the record leaves that stage). The job engine is asked to run it then, which counts as
    /// its scheduling.
    /// </summary>
    public void Wait(DateTimeOffset resumeAt, int? stage, DateTimeOffset now)
    {
        if (IsOver || Plan[NextActivity].Activity.Kind != ProcessActivities.Wait)
        {
            throw new InvalidOperationException($"Activity {NextActivity} is no wait.");
        }

        Status = ProcessStatus.Waiting;
        ResumeAt = resumeAt;
        WaitStage = stage;
        ScheduledAt = resumeAt;
        UpdatedAt = now;
    }

    /// <summary>Whether it waits and its moment has come (a stage wait's moment is when to look at the stage again).</summary>
    public bool IsDue(DateTimeOffset now) => Status == ProcessStatus.Waiting && ResumeAt <= now;

    /// <summary>The wait is over: the activity after it runs next.</summary>
    public void Resume(DateTimeOffset now)
    {
        if (Status != ProcessStatus.Waiting)
        {
            throw new InvalidOperationException("Only a waiting instance resumes.");
        }

        Status = ProcessStatus.Running;
        ResumeAt = null;
        WaitStage = null;
        ActivityDone(now);
    }

    /// <summary>Sets a variable for the activities after this one.</summary>
    public void SetVariable(string name, ProcessVariable value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        _variables[name] = value;
    }

    private void MoveTo(int position, DateTimeOffset now)
    {
        if (IsOver)
        {
            throw new InvalidOperationException("An instance that is over does not move.");
        }

        NextActivity = position;
        UpdatedAt = now;
        if (NextActivity >= Plan.Count)
        {
            Status = ProcessStatus.Completed;
            FinishedAt = now;
        }
    }

    /// <summary>The activity failed: the instance ends there, its log says why.</summary>
    public void Fail(DateTimeOffset now)
    {
        Status = ProcessStatus.Failed;
        ResumeAt = null;
        WaitStage = null;
        FinishedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// Stopped by <paramref name="userId"/>: it runs nothing more (the executor reads the status under the row lock it
    /// holds for each activity). A finished instance cannot be stopped: <see cref="ErrorCodes.ProcessFinished"/>.
    /// </summary>
    public void Stop(string userId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (IsOver)
        {
            throw new DomainException(ErrorCodes.ProcessFinished, $"Process instance {Id} is {Status}: there is nothing to stop.");
        }

        Status = ProcessStatus.Stopped;
        StoppedById = userId;
        FinishedAt = now;
        UpdatedAt = now;
        ResumeAt = null;
        WaitStage = null;
    }

    /// <summary>Remembers a scenario started on a record, before it is launched, so the chain refuses it again.</summary>
    public void AddToChain(string link)
    {
        if (!_chain.Contains(link, StringComparer.Ordinal))
        {
            _chain.Add(link);
        }
    }

    public void Scheduled(DateTimeOffset now) => ScheduledAt = now;
}

public enum ProcessLogLevel
{
    Info,
    Error,
}

/// <summary>
/// A line of an instance's log: what happened (<see cref="Code"/>: a log key such as <c>process.started</c> or an error
/// code of the catalogue), for which activity, with a detail (a name, a value, the provider's words) and the run it
/// launched. Texts are localised when shown.
/// </summary>
public sealed class ProcessLogEntry
{
    public const int DetailMaxLength = 2000;

    private ProcessLogEntry()
    {
    }

    public long Id { get; private set; }

    public long InstanceId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The activity (its <see cref="ProcessPlan"/> ordinal: the 0-based index when there are no conditions), or null for the instance as a whole.</summary>
    public int? Activity { get; private set; }

    public ProcessLogLevel Level { get; private set; }

    public string Code { get; private set; } = string.Empty;

    public string? Detail { get; private set; }

    public long? RunId { get; private set; }

    public static ProcessLogEntry Info(long instanceId, int? activity, string code, string? detail, DateTimeOffset at, long? runId = null) =>
        New(instanceId, activity, ProcessLogLevel.Info, code, detail, at, runId);

    public static ProcessLogEntry Error(long instanceId, int? activity, string code, string? detail, DateTimeOffset at) =>
        New(instanceId, activity, ProcessLogLevel.Error, code, detail, at, null);

    private static ProcessLogEntry New(long instanceId, int? activity, ProcessLogLevel level, string code, string? detail, DateTimeOffset at, long? runId) => new()
    {
        InstanceId = instanceId,
        Activity = activity,
        Level = level,
        Code = code,
        Detail = detail is { Length: > DetailMaxLength } ? detail[..DetailMaxLength] : detail,
        At = at,
        RunId = runId,
    };
}

/// <summary>The log keys of what went right (errors use the error catalogue's codes).</summary>
public static class ProcessLog
{
    public const string Started = "process.started";
    public const string Completed = "process.completed";
    public const string ScenarioStarted = "process.scenario_started";
    public const string ActivityDone = "process.activity_done";
    public const string AlreadyStarted = "process.already_started";

    /// <summary>A condition took a branch; the detail names it (its title, or its number from 1).</summary>
    public const string BranchTaken = "process.branch_taken";

    /// <summary>A condition found no branch whose test held, and went on after it.</summary>
    public const string NoBranchTaken = "process.no_branch_taken";

    /// <summary>A variable was set; the detail is "Name = value".</summary>
    public const string VariableSet = "process.variable_set";

    /// <summary>Someone stopped the instance; the detail is their user id (shown as their name).</summary>
    public const string Stopped = "process.stopped";

    /// <summary>A wait began; the detail is the moment it goes on (ISO 8601), or none: until the stage changes.</summary>
    public const string Waiting = "process.waiting";

    /// <summary>A wait is over and the instance goes on.</summary>
    public const string Resumed = "process.resumed";
}
