using System.Globalization;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;

namespace Portal.Features.Engine.Robots;

/// <summary>One entity's turn at a step (or at a process activity): its resolved inputs, and what the robot reports.</summary>
public sealed class RobotWork
{
    /// <summary>A run item's turn at a step.</summary>
    public RobotWork(RunItem item, IReadOnlyDictionary<string, string?> inputs)
        : this(item?.EntityId ?? throw new ArgumentNullException(nameof(item)), inputs) => Item = item;

    /// <summary>A record's turn at a business-process activity: no run item.</summary>
    public RobotWork(long entityId, IReadOnlyDictionary<string, string?> inputs)
    {
        EntityId = entityId;
        Inputs = inputs;
    }

    /// <summary>The run item, in a scenario run; null in a business process.</summary>
    public RunItem? Item { get; }

    public long EntityId { get; }

    /// <summary>The input values after binding and rendering, by input name; null when empty.</summary>
    public IReadOnlyDictionary<string, string?> Inputs { get; }

    public StepOutcome? Outcome { get; private set; }

    public string? Input(string name) => Inputs.GetValueOrDefault(name);

    public void Done(string? output = null) => Outcome = StepOutcome.Done(output);

    public void Fail(string errorCode, string? detail = null) => Outcome = StepOutcome.Failed(errorCode, detail);

    public void Wait(DateTimeOffset resumeAt, string? output = null) => Outcome = StepOutcome.Wait(resumeAt, output);

    /// <summary>Not finished: the engine keeps the item on this step and calls the robot again at <paramref name="lookAgainAt"/>.</summary>
    public void Pending(DateTimeOffset? lookAgainAt) => Outcome = StepOutcome.Pending(lookAgainAt);
}

/// <summary>
/// One step for many entities, inside the transaction that records it: a robot makes its changes through
/// <see cref="Db"/> (tracked, saved by the engine with the step records), so an effect and its record
/// commit together or not at all. A business-process activity is a batch of one record without a run.
/// </summary>
public sealed class RobotBatch(
    PortalDbContext db, CrmEntityType entityType, string userId, ScenarioRun? run, int stepIndex, IReadOnlyList<RobotWork> work, DateTimeOffset now, CultureInfo culture)
{
    private readonly List<long> _toDispatch = [];

    public static RobotBatch ForRun(PortalDbContext db, ScenarioRun run, int stepIndex, IReadOnlyList<RobotWork> work, DateTimeOffset now, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(db, run.EntityType, run.RunAsId, run, stepIndex, work, now, culture);
    }

    public PortalDbContext Db { get; } = db;

    /// <summary>The run, in a scenario; null in a business process (robots that need one refuse to work there).</summary>
    public ScenarioRun? Run { get; } = run;

    /// <summary>The 0-based position of the step in the run's snapshot.</summary>
    public int StepIndex { get; } = stepIndex;

    /// <summary>The items that put messages in the outbox, for its senders to take once the round has committed.</summary>
    public IReadOnlyList<long> ToDispatch => _toDispatch;

    public CrmEntityType EntityType { get; } = entityType;

    public IReadOnlyList<RobotWork> Work { get; } = work;

    public DateTimeOffset Now { get; } = now;

    public CultureInfo Culture { get; } = culture;

    /// <summary>Who the changes are made as: the run-as user, or the user who started the process.</summary>
    public string UserId { get; } = userId;

    public IReadOnlyList<long> EntityIds => Work.Select(w => w.EntityId).ToList();

    /// <summary>Adds a timeline entry the robot's change produced (none when nothing changed), saved with the step.</summary>
    public void Record(TimelineEntry? entry)
    {
        if (entry is not null)
        {
            Db.TimelineEntries.Add(entry);
        }
    }

    /// <summary>The item put messages in the outbox: its senders take them after the commit, outside the round's transaction.</summary>
    public void Dispatch(RobotWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _toDispatch.Add(work.Item?.Id ?? throw new InvalidOperationException("Only a run item's messages are dispatched."));
    }
}

/// <summary>
/// A robot: the class declared with <see cref="Domain.Robots.RobotAttribute"/> (its key, group and inputs) runs it for a
/// batch of records. Robots are found by scanning the assembly (<see cref="RobotsSetup"/>) and run by the one
/// <see cref="RobotRunner"/>, for the scenario engine and the process executor alike.
/// </summary>
public interface IRobot
{
    /// <summary>Does the work for every record of the batch, reporting each one's outcome on its <see cref="RobotWork"/>.</summary>
    Task RunAsync(RobotBatch batch, CancellationToken cancellationToken);
}
