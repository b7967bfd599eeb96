using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Hosting;

namespace Portal.Jobs;

/// <summary>
/// Ready when the job storage answers and, on a process that executes jobs, this process's Hangfire servers (one per
/// queue) have announced themselves and are beating. A web-only process runs no server; it only needs the storage.
/// </summary>
public sealed class JobEngineHealthCheck(JobStorage storage, JobNode node, IOptions<PortalOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly string[] Queues = [JobQueues.Runs, JobQueues.Processes, JobQueues.Default];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken);
            if (!options.Value.Role.ExecutesJobs())
            {
                return HealthCheckResult.Healthy("Job storage reachable; this process does not execute jobs.");
            }

            var now = clock.GetUtcNow();
            var running = servers
                .Where(s => JobNode.NodeOf(s.Name) == node.Name && JobEngineMonitor.IsBeating(s, now, options.Value.Jobs))
                .SelectMany(s => s.Queues)
                .ToHashSet(StringComparer.Ordinal);
            var missing = Queues.Where(q => !running.Contains(q)).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"Job servers of {node.Name} are running: {string.Join(", ", Queues)}.")
                : HealthCheckResult.Unhealthy($"Job servers of {node.Name} are not running for: {string.Join(", ", missing)}.");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The job storage cannot be reached.", ex);
        }
    }
}
