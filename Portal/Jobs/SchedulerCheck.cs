namespace Portal.Jobs;

/// <summary>
/// An administrator's "is the job engine picking up work?" probe: requested from the job engine page, completed by
/// <see cref="SchedulerCheckJob"/> on whichever worker takes it.
/// </summary>
public sealed class SchedulerCheck
{
    public const int NodeMaxLength = 200;

    public Guid Id { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The <see cref="JobNode"/> that ran it.</summary>
    public string? CompletedOnNode { get; set; }
}
