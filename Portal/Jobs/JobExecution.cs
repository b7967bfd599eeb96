namespace Portal.Jobs;

public enum JobExecutionOutcome
{
    Running,
    Succeeded,
    Failed,
    Vetoed,
}

/// <summary>
/// One execution of a Quartz job on one node, written by <see cref="JobExecutionHistoryListener"/>.
/// Quartz's own store forgets a job once it ran; the scheduler page reads this table for recent
/// executions and failures across the whole cluster.
/// </summary>
public sealed class JobExecution
{
    public const int NameMaxLength = 200;
    public const int ErrorMaxLength = 4000;

    public long Id { get; set; }

    /// <summary>Quartz's id of this firing, unique across the cluster.</summary>
    public string FireInstanceId { get; set; } = string.Empty;

    public string JobGroup { get; set; } = string.Empty;

    public string JobName { get; set; } = string.Empty;

    public string JobType { get; set; } = string.Empty;

    public string TriggerName { get; set; } = string.Empty;

    /// <summary>The Quartz instance id of the node that ran it.</summary>
    public string Node { get; set; } = string.Empty;

    public bool Recovering { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public JobExecutionOutcome Outcome { get; set; }

    public string? Error { get; set; }
}
