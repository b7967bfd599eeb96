using System.ComponentModel.DataAnnotations;

namespace Portal.Features.Engine;

/// <summary>The "Portal:Runs" configuration section: launch limits and how the engine cuts and retries work.</summary>
public sealed class RunOptions
{
    public const string SectionName = "Portal:Runs";

    /// <summary>Entities one launch may take (the CRM this imitates stops at 1,000).</summary>
    [Range(1, 1_000_000)]
    public int MaxEntitiesPerLaunch { get; set; } = 10_000;

    /// <summary>Runs of one scenario that may be queued or running at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentRunsPerScenario { get; set; } = 5;

    /// <summary>Entities per job: each job runs its entities' steps in one transaction per step.</summary>
    [Range(1, 5000)]
    public int ChunkSize { get; set; } = 250;

    /// <summary>Tries of a step's transaction when the database fails transiently (timeout, lost connection).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry waits this long; each next one twice as long.</summary>
    [Range(0, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>A chunk with work left that nothing touched for this long is scheduled again (lost trigger, failed job).</summary>
    [Range(5, 3600)]
    public int StaleAfterSeconds { get; set; } = 60;

    /// <summary>
    /// How often one worker looks for such chunks: a recurring job, so a number of seconds that divides a minute (5, 6,
    /// 10, 12, 15, 20, 30) or a number of whole minutes that divides an hour (60, 120, … 1800, 3600).
    /// </summary>
    [Range(5, 3600)]
    public int SweepIntervalSeconds { get; set; } = 30;
}
