namespace Portal.Domain.Runs;

/// <summary>
/// One entity of a run and how far it got. <see cref="NextStep"/> moves forward in the same transaction
/// that records a step and its effect, so a worker that dies and is replaced never repeats a step.
/// </summary>
public sealed class RunItem
{
    public const int ErrorDetailMaxLength = 2000;

    private RunItem()
    {
    }

    public long Id { get; private set; }

    public long RunId { get; private set; }

    public long EntityId { get; private set; }

    /// <summary>The job this item is executed in.</summary>
    public int Chunk { get; private set; }

    public ItemStatus Status { get; private set; }

    /// <summary>The 0-based position of the step to run next.</summary>
    public int NextStep { get; private set; }

    /// <summary>Set while a "Wait" step holds the item, or while its step waits for a message's next try.</summary>
    public DateTimeOffset? ResumeAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Why the item failed or stopped: a code of <see cref="Common.ErrorCodes"/>.</summary>
    public string? ErrorCode { get; private set; }

    /// <summary>The specifics (which value, what the provider said); the text of the code is localised where it is shown.</summary>
    public string? ErrorDetail { get; private set; }

    /// <summary>The last time anything happened to the item: a chunk nobody has touched for long is rescheduled.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public static RunItem Queued(long runId, long entityId, int chunk, DateTimeOffset now) =>
        new() { RunId = runId, EntityId = entityId, Chunk = chunk, Status = ItemStatus.Queued, UpdatedAt = now };

    public void Start(DateTimeOffset now)
    {
        Require(ItemStatus.Queued);
        Status = ItemStatus.Running;
        StartedAt = now;
        UpdatedAt = now;
    }

    /// <summary>A step completed: go on with the next one, or complete when it was the last.</summary>
    public void StepDone(int stepCount, DateTimeOffset now)
    {
        Require(ItemStatus.Running);
        NextStep++;
        ResumeAt = null;
        UpdatedAt = now;
        if (NextStep >= stepCount)
        {
            Status = ItemStatus.Completed;
            FinishedAt = now;
        }
    }

    /// <summary>A "Wait" step: the step is done, the item goes on at <paramref name="resumeAt"/>.</summary>
    public void WaitUntil(DateTimeOffset resumeAt, int stepCount, DateTimeOffset now)
    {
        StepDone(stepCount, now);
        if (Status == ItemStatus.Running)
        {
            ResumeAt = resumeAt;
        }
    }

    /// <summary>The step is not finished (its message is with the provider): stay on it and look again at <paramref name="lookAgainAt"/>.</summary>
    public void Hold(DateTimeOffset? lookAgainAt, DateTimeOffset now)
    {
        Require(ItemStatus.Running);
        ResumeAt = lookAgainAt;
        UpdatedAt = now;
    }

    /// <summary>A queued item may fail before it starts (no rights, scenario disabled); a running one at any step.</summary>
    public void Fail(string errorCode, string? detail, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        RequireNotFinal();
        Status = ItemStatus.Failed;
        ErrorCode = errorCode;
        ErrorDetail = Truncate(detail);
        ResumeAt = null;
        StartedAt ??= now;
        FinishedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The run was stopped: an item between steps stops here.</summary>
    public void Terminate(DateTimeOffset now)
    {
        RequireNotFinal();
        Status = ItemStatus.Terminated;
        ResumeAt = null;
        FinishedAt = now;
        UpdatedAt = now;
    }

    private static string? Truncate(string? text) =>
        text is { Length: > ErrorDetailMaxLength } ? text[..ErrorDetailMaxLength] : text;

    private void Require(ItemStatus status)
    {
        if (Status != status)
        {
            throw new InvalidOperationException($"Item {Id} is {Status}, not {status}.");
        }
    }

    private void RequireNotFinal()
    {
        if (Status.IsFinal())
        {
            throw new InvalidOperationException($"Item {Id} is already {Status}.");
        }
    }
}
