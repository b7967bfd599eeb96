using System.Globalization;

namespace Portal.Jobs;

/// <summary>
/// This process as the job engine knows it: its Hangfire servers (one per queue) are named after it, so the health
/// check and the job engine page can tell this process's servers, and the live ones, from the others.
/// </summary>
public sealed class JobNode
{
    private const int MachineMaxLength = 20;

    public JobNode()
    {
        // Hangfire makes a server's id "{name}:{pid}:{guid}" and keeps it in a column of 100 characters: a long host
        // name (a Kubernetes pod, a fully qualified name) is cut, the random part keeps the node unique.
        var machine = Environment.MachineName;
        Name = string.Create(
            CultureInfo.InvariantCulture,
            $"{machine[..Math.Min(machine.Length, MachineMaxLength)]}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();
    }

    /// <summary>Machine, process id and a short random part (a test host may run several apps in one process).</summary>
    public string Name { get; }

    /// <summary>The name of this node's server for one queue ("host-123-ab12cd/runs").</summary>
    public string ServerName(string queue) => $"{Name}/{queue}";

    /// <summary>The node a Hangfire server id belongs to: Hangfire names a server "{server name}:{guid}".</summary>
    public static string NodeOf(string serverId)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var slash = serverId.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? serverId : serverId[..slash];
    }
}
