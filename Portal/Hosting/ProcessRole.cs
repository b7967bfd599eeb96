namespace Portal.Hosting;

/// <summary>What one Portal process does: serve the UI, execute jobs, or both.</summary>
public enum ProcessRole
{
    /// <summary>UI and HTTP API, and the Quartz scheduler executing jobs (the default).</summary>
    All,

    /// <summary>UI and HTTP API only; jobs are scheduled into the shared store but never executed here.</summary>
    Web,

    /// <summary>Executes jobs; serves only the health endpoints.</summary>
    Worker,
}

public static class ProcessRoleExtensions
{
    public static bool ServesUi(this ProcessRole role) => role != ProcessRole.Worker;

    public static bool ExecutesJobs(this ProcessRole role) => role != ProcessRole.Web;
}
