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

    /// <summary>
    /// The time zone dates are rendered in wherever a robot or a preview fills a placeholder (an IANA id such as
    /// <c>Europe/Moscow</c>); never the server's own zone, so every process of a deployment renders alike.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// The culture (<c>en</c> or <c>ru</c>) a business process started automatically renders its values and launches its
    /// scenarios in; one started by hand takes the language of whoever started it.
    /// </summary>
    [RegularExpression("^(en|ru)$")]
    public string Culture { get; set; } = "en";

    /// <summary>
    /// How often a signed-in session (an open tab, a sign-in cookie) checks its user again: a changed role, department,
    /// CRM role, lock-out or password ends it at the next check, so rights taken away stop working within this long.
    /// </summary>
    [Range(1, 3600)]
    public int RevalidationSeconds { get; set; } = 60;

    public JobOptions Jobs { get; set; } = new();

    /// <summary>Launch limits and the engine's chunks and retries (validated on their own, as <c>Portal:Runs</c>).</summary>
    public Features.Engine.RunOptions Runs { get; set; } = new();

    /// <summary>The reverse proxies whose forwarded headers are believed.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

/// <summary>The "Portal:Jobs" configuration section: Hangfire on the portal's PostgreSQL (schema <c>hangfire</c>).</summary>
public sealed class JobOptions
{
    /// <summary>Workers for run chunks on each worker process (queue <c>runs</c>).</summary>
    [Range(1, 64)]
    public int RunWorkers { get; set; } = 4;

    /// <summary>Workers for business-process instances on each worker process (queue <c>processes</c>).</summary>
    [Range(1, 64)]
    public int ProcessWorkers { get; set; } = 2;

    /// <summary>Workers for the sweeps, the clean-up and the engine check (queue <c>default</c>).</summary>
    [Range(1, 16)]
    public int DefaultWorkers { get; set; } = 1;

    /// <summary>
    /// How long a job taken by a worker that stopped answering stays invisible before another worker takes it. The
    /// timeout slides (a live worker renews it every fifth of it), so a long chunk is never taken twice; a worker killed
    /// with -9 has its job taken over after about this long.
    /// </summary>
    [Range(5, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// How often an idle worker looks at its queue for jobs enqueued by another process (Hangfire's default, 15 s, would
    /// make a launch from a web process wait). A job enqueued by this process wakes its idle workers at once. Each look
    /// is one indexed statement: seven idle workers at 500 ms make 14 small queries a second per worker process.
    /// </summary>
    [Range(100, 60_000)]
    public int QueuePollMilliseconds { get; set; } = 500;

    /// <summary>How often delayed jobs (a wait robot's resume) and recurring ones (the sweep) are looked at.</summary>
    [Range(1, 60)]
    public int SchedulePollSeconds { get; set; } = 1;

    /// <summary>How often each server says it is alive; a server silent for three times this is shown as silent.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 5;
}
