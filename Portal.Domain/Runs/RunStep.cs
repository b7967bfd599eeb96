using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Domain.Runs;

/// <summary>
/// What one robot did for one entity: the values it ran with (secrets masked), what came out, and the
/// error if it failed. Written in the transaction that carries the step's effect; never changed afterwards.
/// </summary>
public sealed class RunStep
{
    public const int OutputMaxLength = 4000;
    public const string Mask = "••••••";

    private RunStep()
    {
    }

    public long Id { get; private set; }

    public long RunId { get; private set; }

    public long ItemId { get; private set; }

    public long EntityId { get; private set; }

    /// <summary>The 0-based position of the step in the run's snapshot.</summary>
    public int StepIndex { get; private set; }

    public string RobotKey { get; private set; } = string.Empty;

    public StepStatus Status { get; private set; }

    /// <summary>The resolved input values, by input name, as the robot used them.</summary>
    public IReadOnlyDictionary<string, string?> Inputs { get; private set; } = new Dictionary<string, string?>();

    public string? Output { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorDetail { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset FinishedAt { get; private set; }

    /// <summary>How many times the step's transaction was tried (transient database failures are retried).</summary>
    public int Attempts { get; private set; }

    public static RunStep Record(
        RunItem item,
        int stepIndex,
        string robotKey,
        IReadOnlyDictionary<string, string?> inputs,
        StepOutcome outcome,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        int attempts)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(outcome);
        return new RunStep
        {
            RunId = item.RunId,
            ItemId = item.Id,
            EntityId = item.EntityId,
            StepIndex = stepIndex,
            RobotKey = robotKey,
            Status = outcome.Status,
            Inputs = inputs,
            Output = Truncate(outcome.Output, OutputMaxLength),
            ErrorCode = outcome.ErrorCode,
            ErrorDetail = Truncate(outcome.ErrorDetail, RunItem.ErrorDetailMaxLength),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Attempts = attempts,
        };
    }

    private static string? Truncate(string? text, int length) => text is not null && text.Length > length ? text[..length] : text;
}

/// <summary>What a robot reports for one entity.</summary>
public sealed record StepOutcome(StepStatus Status, string? Output = null, string? ErrorCode = null, string? ErrorDetail = null, DateTimeOffset? ResumeAt = null)
{
    public static StepOutcome Done(string? output = null) => new(StepStatus.Completed, output);

    public static StepOutcome Failed(string errorCode, string? detail = null) => new(StepStatus.Failed, null, errorCode, detail);

    public static StepOutcome Wait(DateTimeOffset resumeAt, string? output = null) => new(StepStatus.Waiting, output, ResumeAt: resumeAt);

    /// <summary>Not finished yet: look again at <paramref name="lookAgainAt"/> (null: as soon as the step's work is done).</summary>
    public static StepOutcome Pending(DateTimeOffset? lookAgainAt) => new(StepStatus.Pending, ResumeAt: lookAgainAt);

    /// <summary>The failure of the first input whose value the robot cannot take (<see cref="InputRules.FirstProblem"/>), or null when the robot may run.</summary>
    public static StepOutcome? RefusedInputs(RobotDescriptor robot, IReadOnlyDictionary<string, string?> inputs) =>
        InputRules.FirstProblem(robot, inputs) is { Problem: var problem } ? Failed(problem.Code, problem.Detail) : null;
}
