using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Hosting;
using Portal.Jobs;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

public class SchedulerTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task SchedulerCheck_ScheduledThroughTheClusteredStore_RunsAndWritesItsRows()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var monitor = scope.ServiceProvider.GetRequiredService<SchedulerMonitor>();

        var check = await monitor.RequestCheckAsync("tester");

        var completed = await WaitForCompletionAsync(app.Services, check.Id);
        var nodes = await monitor.NodesAsync();
        var node = Assert.Single(nodes);
        Assert.True(node.Alive);
        Assert.Equal(node.InstanceId, completed.CompletedOnNode);

        var execution = await Eventually.GetAsync(
            async () => (await monitor.RecentExecutionsAsync(failuresOnly: false))
                .FirstOrDefault(e => e.JobName == nameof(SchedulerCheckJob) && e.Outcome == JobExecutionOutcome.Succeeded),
            what: "the execution history row");
        Assert.Equal(node.InstanceId, execution.Node);
        Assert.NotNull(execution.FinishedAt);
        Assert.Empty(await monitor.RecentExecutionsAsync(failuresOnly: true));
    }

    [Fact]
    public async Task Monitor_ListsTheNightlyCleanupAsScheduled()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var monitor = scope.ServiceProvider.GetRequiredService<SchedulerMonitor>();

        var scheduled = await monitor.ScheduledAsync();

        var cleanup = Assert.Single(scheduled, t => t.JobName == nameof(JobHistoryCleanupJob));
        Assert.NotNull(cleanup.NextFireAt);
        Assert.Equal("WAITING", cleanup.State);
    }

    [Fact]
    public async Task WorkScheduledByAWebOnlyProcess_IsExecutedByAWorkerProcess()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync("cluster");
        try
        {
            const string cluster = "cluster-test";
            await using var web = new PortalAppFactory(connectionString, ProcessRole.Web, cluster);
            await using var worker = new PortalAppFactory(connectionString, ProcessRole.Worker, cluster);
            _ = worker.Services;

            await using var scope = web.Services.CreateAsyncScope();
            var monitor = scope.ServiceProvider.GetRequiredService<SchedulerMonitor>();
            var check = await monitor.RequestCheckAsync("web");

            var completed = await WaitForCompletionAsync(web.Services, check.Id);
            var node = Assert.Single(await monitor.NodesAsync());
            Assert.Equal(node.InstanceId, completed.CompletedOnNode);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task HealthEndpoints_ReportLiveAndReady()
    {
        using var client = app.Factory.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    private static Task<SchedulerCheck> WaitForCompletionAsync(IServiceProvider services, Guid checkId) =>
        Eventually.GetAsync(
            async () =>
            {
                var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
                await using var db = await factory.CreateDbContextAsync();
                return await db.SchedulerChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == checkId && c.CompletedAt != null);
            },
            what: "the scheduler check to complete on a node");
}
