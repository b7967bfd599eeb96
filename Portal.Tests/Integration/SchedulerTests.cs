using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Hosting;
using Portal.Jobs;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>The job engine: Hangfire on the test's database, its servers, the engine check and the health endpoint.</summary>
public class SchedulerTests(PortalApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task EngineCheck_EnqueuedThroughTheStorage_RunsOnThisProcess()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var monitor = scope.ServiceProvider.GetRequiredService<JobEngineMonitor>();

        var admin = await new CrmTestData(app.Services).UserAsync("Engine checker", null, PortalRoles.Administrator);
        var check = (await monitor.RequestCheckAsync(admin.Id))!;
        Assert.Equal("Engine checker", check.RequestedBy);

        var completed = await WaitForCompletionAsync(app.Services, check.Id);
        var node = Assert.Single(await monitor.NodesAsync());
        Assert.True(node.Alive);
        Assert.Equal([JobQueues.Default, JobQueues.Processes, JobQueues.Runs], node.Queues);
        Assert.Equal(app.Services.GetRequiredService<JobNode>().Name, node.Name);
        Assert.Equal(node.Name, completed.CompletedOnNode);
    }

    [Theory]
    [InlineData(5, "*/5 * * * * *")]
    [InlineData(30, "*/30 * * * * *")]
    [InlineData(120, "*/2 * * * *")]
    [InlineData(3600, "0 * * * *")]
    [InlineData(45, null)]
    [InlineData(90, null)]
    [InlineData(420, null)]
    public void SweepInterval_IsACronThatKeepsItEvenly_OrRefused(int seconds, string? cron) =>
        Assert.Equal(cron, JobsSetup.Every(seconds));

    [Fact]
    public async Task Queues_AreListedWithWhatWaitsInThem()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var monitor = scope.ServiceProvider.GetRequiredService<JobEngineMonitor>();

        var queues = await monitor.QueuesAsync();

        Assert.Equal([JobQueues.Runs, JobQueues.Processes, JobQueues.Default], queues.Select(q => q.Name).Take(3));
    }

    [Fact]
    public async Task WorkEnqueuedByAWebOnlyProcess_IsExecutedByAWorkerProcess()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync("cluster");
        try
        {
            await using var web = new PortalAppFactory(connectionString, ProcessRole.Web);
            await using var worker = new PortalAppFactory(connectionString, ProcessRole.Worker);
            _ = worker.Services;

            await using var scope = web.Services.CreateAsyncScope();
            var monitor = scope.ServiceProvider.GetRequiredService<JobEngineMonitor>();
            var admin = await new CrmTestData(web.Services).UserAsync("Cluster checker", null, PortalRoles.Administrator);
            var check = (await monitor.RequestCheckAsync(admin.Id))!;

            var completed = await WaitForCompletionAsync(web.Services, check.Id);
            output.WriteLine($"Enqueued by the web process, done by the worker {(completed.CompletedAt!.Value - completed.RequestedAt).TotalSeconds:0.00} s later.");
            Assert.Equal(worker.Services.GetRequiredService<JobNode>().Name, completed.CompletedOnNode);
            var node = Assert.Single(await monitor.NodesAsync());
            Assert.Equal(completed.CompletedOnNode, node.Name);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task HealthEndpoints_ReportLiveAndReady_WithTheJobServersRunning()
    {
        using var client = app.Factory.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // Ready once this process's job servers have announced themselves (at start-up, within a heartbeat).
        var ready = await Eventually.GetAsync(
            async () =>
            {
                var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            },
            what: "the process to be ready");
        Assert.Equal("Healthy", ready);
    }

    [Fact]
    public async Task HealthCheck_OfAProcessWhoseJobServersAreNotRunning_IsUnhealthy_WhileTheRunningOnesAreHealthy()
    {
        var services = app.Services;
        var storage = services.GetRequiredService<Hangfire.JobStorage>();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>();
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext
        {
            Registration = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("jobs", _ => null!, null, null),
        };

        // The same storage and live servers, seen from a node that never started any: what a worker whose servers died sees.
        var stopped = await new JobEngineHealthCheck(storage, new JobNode(), options, TimeProvider.System).CheckHealthAsync(context);
        var running = await Eventually.GetAsync(
            async () => await new JobEngineHealthCheck(storage, services.GetRequiredService<JobNode>(), options, TimeProvider.System).CheckHealthAsync(context)
                is { Status: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy } healthy ? (object)healthy : null,
            what: "this process's job servers to be up");

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("not running for: runs, processes, default", stopped.Description, StringComparison.Ordinal);
        Assert.NotNull(running);
    }

    private static async Task<SchedulerCheck> WaitForCompletionAsync(IServiceProvider services, Guid checkId)
    {
        try
        {
            return await WaitForCompletionCoreAsync(services, checkId);
        }
        catch (TimeoutException)
        {
            // What the storage says, so that a failure tells where the job stopped.
            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            var jobs = await db.Database.SqlQuery<string>($"SELECT id || ' ' || statename || ' ' || createdat::text || ' ' || left(invocationdata::text, 120) AS \"Value\" FROM hangfire.job ORDER BY id").ToListAsync();
            var queue = await db.Database.SqlQuery<string>($"SELECT jobid || ' ' || queue || ' ' || coalesce(fetchedat::text, '-') AS \"Value\" FROM hangfire.jobqueue").ToListAsync();
            var servers = await db.Database.SqlQuery<string>($"SELECT id || ' ' || lastheartbeat::text AS \"Value\" FROM hangfire.server").ToListAsync();
            throw new TimeoutException($"The engine check did not complete. At {DateTime.UtcNow:O} the jobs were: {string.Join(" | ", jobs)}; the queue: {string.Join(" | ", queue)}; the servers: {string.Join(" | ", servers)}.");
        }
    }

    private static Task<SchedulerCheck> WaitForCompletionCoreAsync(IServiceProvider services, Guid checkId) =>
        Eventually.GetAsync(
            async () =>
            {
                var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
                await using var db = await factory.CreateDbContextAsync();
                return await db.SchedulerChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == checkId && c.CompletedAt != null);
            },
            what: "the engine check to complete on a worker");
}
