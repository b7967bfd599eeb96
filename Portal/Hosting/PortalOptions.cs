using System.ComponentModel.DataAnnotations;

namespace Portal.Hosting;

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>web, worker or all.</summary>
    public ProcessRole Role { get; set; } = ProcessRole.All;

    /// <summary>Creates the demo users (one per role) when they do not exist yet.</summary>
    public bool SeedDemoUsers { get; set; }

    /// <summary>How long start-up waits for PostgreSQL before giving up with a clear message.</summary>
    [Range(0, 600)]
    public int DatabaseStartupTimeoutSeconds { get; set; } = 15;

    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>Launch limits and the engine's chunks and retries (validated on their own, as <c>Portal:Runs</c>).</summary>
    public Features.Runs.RunOptions Runs { get; set; } = new();
}

/// <summary>The "Portal:Scheduler" configuration section (Quartz, clustered on PostgreSQL).</summary>
public sealed class SchedulerOptions
{
    /// <summary>All nodes of one cluster share this name; tests give each database its own.</summary>
    public string Name { get; set; } = "Portal";

    /// <summary>Worker threads per node.</summary>
    [Range(1, 64)]
    public int ThreadCount { get; set; } = 4;

    /// <summary>
    /// How often an idle node polls the store for work scheduled by other processes. Quartz's 30 s
    /// default would make work scheduled by a web process wait; 1 s is its minimum.
    /// </summary>
    [Range(1, 60)]
    public int IdleWaitSeconds { get; set; } = 1;

    /// <summary>How often a node checks in; a node silent for longer is considered dead and its jobs recovered.</summary>
    [Range(1, 300)]
    public int CheckinIntervalSeconds { get; set; } = 5;
}
