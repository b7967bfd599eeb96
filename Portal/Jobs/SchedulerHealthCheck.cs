using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Hosting;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Ready when the scheduler can reach its store and, on a node that executes jobs, is running.
/// A web-only node never starts its scheduler; it only needs the store.
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulerFactory, IOptions<PortalOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            await scheduler.GetJobGroupNames(cancellationToken);
            if (!options.Value.Role.ExecutesJobs())
            {
                return HealthCheckResult.Healthy("Job store reachable; this node does not execute jobs.");
            }

            var status = await scheduler.GetStatus(cancellationToken);
            return status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerInstanceId} is running.")
                : HealthCheckResult.Unhealthy($"The scheduler is {status}, not running.");
        }
        catch (Exception ex) when (ex is SchedulerException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The scheduler cannot reach its job store.", ex);
        }
    }
}
