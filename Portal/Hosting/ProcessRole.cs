namespace Portal.Hosting;

/// <summary>What one Portal process does: serve the UI, execute jobs, or both.</summary>
public enum ProcessRole
{
    /// <summary>UI and HTTP API, and Hangfire servers executing jobs (the default).</summary>
    All,

    /// <summary>UI and HTTP API only; jobs are enqueued into the shared storage but never executed here.</summary>
    Web,

    /// <summary>Executes jobs; serves only the health endpoints.</summary>
    Worker,
}

public static class ProcessRoleExtensions
{
    public static bool ServesUi(this ProcessRole role) => role != ProcessRole.Worker;

    public static bool ExecutesJobs(this ProcessRole role) => role != ProcessRole.Web;
}
