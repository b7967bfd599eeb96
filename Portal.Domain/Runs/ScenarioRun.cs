using Portal.Domain.Crm;
using Portal.Domain.Scenarios;

namespace Portal.Domain.Runs;

/// <summary>
/// One launch of a scenario on a set of entities: a snapshot of the scenario as it was (steps with their
/// settings, the launch values), who launched it and as whom it runs. Editing the scenario afterwards never
/// changes a run in flight. Item counts are read from the items, so they cannot drift from them.
/// </summary>
public sealed class ScenarioRun
{
    private List<ScenarioStep> _steps = [];
    private Dictionary<string, string> _launchValues = new(StringComparer.Ordinal);

    private ScenarioRun()
    {
    }

    public long Id { get; private set; }

    public long ScenarioId { get; private set; }

    public string ScenarioName { get; private set; } = string.Empty;

    public int ScenarioVersion { get; private set; }

    public CrmEntityType EntityType { get; private set; }

    public IReadOnlyList<ScenarioStep> Steps => _steps;

    /// <summary>What the launching person (or process) answered, by launch-parameter key ("step1.Message").</summary>
    public IReadOnlyDictionary<string, string> LaunchValues => _launchValues;

    /// <summary>
    /// Whether the launch values are templates rendered per entity (typed by a person or the admin's defaults), or text
    /// a business process already rendered against its own record, taken as it is (a run a process started, and its re-runs).
    /// </summary>
    public bool LaunchValuesAreTemplates => Source != RunSource.Process;

    public string LaunchedById { get; private set; } = string.Empty;

    /// <summary>Whose CRM rights every entity is checked against when it runs.</summary>
    public string RunAsId { get; private set; } = string.Empty;

    public RunSource Source { get; private set; }

    /// <summary>The culture values are rendered in (numbers, dates, money): the launching person's.</summary>
    public string Culture { get; private set; } = "en";

    public DateTimeOffset LaunchedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public RunStatus Status { get; private set; }

    public int ItemCount { get; private set; }

    /// <summary>Entities per job: the unit a worker takes.</summary>
    public int ChunkSize { get; private set; }

    public DateTimeOffset? StopRequestedAt { get; private set; }

    public string? StoppedById { get; private set; }

    /// <summary>The run whose failed items this run retries.</summary>
    public long? RerunOfId { get; private set; }

    /// <summary>
    /// The failed items, counted once when the run is over (null while it runs: count its items). With
    /// <see cref="RunErrorCount"/> it lets the run log sum a day of runs without reading a million items.
    /// </summary>
    public int? FailedCount { get; private set; }

    /// <summary>The business-process instance whose "Start smart scenario" activity launched this run, and which activity.</summary>
    public long? ProcessInstanceId { get; private set; }

    /// <summary>The activity's ordinal in the instance's <see cref="Processes.ProcessPlan"/> (unique even inside conditions' branches).</summary>
    public int? ProcessActivity { get; private set; }

    /// <summary>
    /// The launch token of the request that wrote this run (the launch dialog's, the run page's for a re-run): the
    /// same request sent twice, or a double click, finds this run instead of writing another. Null for launches
    /// without one (a process start is unique by its instance and activity instead).
    /// </summary>
    public Guid? LaunchToken { get; private set; }

    public static ScenarioRun Launch(
        Scenario scenario,
        IReadOnlyDictionary<string, string> launchValues,
        int itemCount,
        int chunkSize,
        string launchedById,
        string runAsId,
        RunSource source,
        DateTimeOffset now,
        string culture,
        long? rerunOfId = null,
        ProcessOrigin? process = null,
        Guid? launchToken = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(launchValues);
        if (!scenario.CanRun)
        {
            throw new InvalidOperationException("A scenario that cannot run is not launched.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return new ScenarioRun
        {
            ScenarioId = scenario.Id,
            ScenarioName = scenario.Name,
            ScenarioVersion = scenario.Version,
            EntityType = scenario.EntityType,
            _steps = scenario.Steps.ToList(),
            _launchValues = new Dictionary<string, string>(launchValues, StringComparer.Ordinal),
            LaunchedById = launchedById,
            RunAsId = runAsId,
            Source = source,
            Culture = culture,
            LaunchedAt = now,
            Status = RunStatus.Queued,
            ItemCount = itemCount,
            ChunkSize = chunkSize,
            RerunOfId = rerunOfId,
            ProcessInstanceId = process?.InstanceId,
            ProcessActivity = process?.Activity,
            LaunchToken = launchToken,
        };
    }

    /// <summary>The engine took up the run's first chunk: it is running from now. False when it was started or ended already.</summary>
    public bool Begin(DateTimeOffset now)
    {
        if (Status != RunStatus.Queued)
        {
            return false;
        }

        Status = RunStatus.Running;
        StartedAt = now;
        return true;
    }

    /// <summary>
    /// Nothing is left to do (the caller has seen no item queued or running): the run is completed, or stopped when a
    /// stop was asked. False when it had ended already (a stop ends it at once).
    /// </summary>
    public bool Finish(DateTimeOffset now)
    {
        if (!Status.IsActive())
        {
            return false;
        }

        Status = StopRequestedAt is null ? RunStatus.Completed : RunStatus.Stopped;
        FinishedAt = now;
        return true;
    }

    /// <summary>Stops the run: no item starts or goes on after this (the engine and the stop command see to the items).</summary>
    public void Stop(string userId, DateTimeOffset now)
    {
        if (!Status.IsActive())
        {
            throw new InvalidOperationException($"Run {Id} is {Status}: there is nothing to stop.");
        }

        StopRequestedAt = now;
        StoppedById = userId;
        Status = RunStatus.Stopped;
        FinishedAt = now;
    }

    /// <summary>The chunk an item at this position (0-based, in launch order) belongs to.</summary>
    public int ChunkOf(int position) => position / ChunkSize;

    public int ChunkCount => (ItemCount + ChunkSize - 1) / ChunkSize;
}

/// <summary>The business-process activity a launch comes from (its plan ordinal): at most one run per instance and activity.</summary>
public sealed record ProcessOrigin(long InstanceId, int Activity);
