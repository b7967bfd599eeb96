namespace Portal.Jobs;

/// <summary>
/// An administrator's "is the scheduler picking up work?" probe: requested from the scheduler page,
/// completed by <see cref="SchedulerCheckJob"/> on whichever node takes it.
/// </summary>
public sealed class SchedulerCheck
{
    public Guid Id { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedOnNode { get; set; }
}
