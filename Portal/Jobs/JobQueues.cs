namespace Portal.Jobs;

/// <summary>
/// The job engine's queues, one per kind of work, each with workers of its own on every worker process, so a flood of
/// one kind (a broadcast's chunks) never starves another (business processes, the sweeps).
/// </summary>
public static class JobQueues
{
    /// <summary>Run chunks: launches, the wait robot's resumes, wake-ups when a step's messages are done.</summary>
    public const string Runs = "runs";

    /// <summary>Business-process instances.</summary>
    public const string Processes = "processes";

    /// <summary>Housekeeping: the stale-work sweep, the history clean-up, the administrators' engine check.</summary>
    public const string Default = "default";
}
