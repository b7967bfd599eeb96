using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Hosting;
using Portal.Tests.Benchmarks;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Messaging;

public sealed class SharedRateLimitDatabase : MigratedDatabase;

/// <summary>
/// A measurement of rate over time: it runs alone, after the tests that run in parallel, so that their work on the
/// same two cores does not hold up the fake server's clock and bunch requests that were sent at their slots.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}

/// <summary>Two worker processes send through one line: together they keep to the line's rate, and each message goes once.</summary>
[Collection(TimingSensitive.Name)]
public class SharedRateLimitTests(SharedRateLimitDatabase database, ITestOutputHelper output) : IClassFixture<SharedRateLimitDatabase>
{
    private const int Messages = 500;
    private const int Rate = 20;
    private static readonly Dictionary<string, string> ThreeThreads = new() { ["Portal__Jobs__RunWorkers"] = "3" };

    [Fact]
    public async Task TwoWorkerProcesses_FiveHundredMessagesAtTwentyPerSecond_NeverFasterInAnySecond_AllSentOnce()
    {
        await using var api = await FakeCloudApi.StartAsync();
        var settings = new Dictionary<string, string> { ["Portal:Runs:ChunkSize"] = "25" };
        await using var web = new PortalAppFactory(database.ConnectionString, ProcessRole.Web, settings);
        var kit = new RunTestKit(web.Services);
        var manager = await kit.ManagerAsync();
        var line = await FakeLines.AddAsync(web.Services, api, "Shared line", Rate);
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(line.Id));
        var ids = await RunEngineBenchmark.SeedAsync(database.ConnectionString, manager.Id, Messages);

        var workers = Enumerable.Range(0, 2).Select(_ => PortalProcess.StartWorker(database.ConnectionString, ThreeThreads)).ToList();
        try
        {
            // Both workers up (their job servers beating) before there is anything to send.
            await kit.WorkersUpAsync(2);
            var launch = await kit.LaunchAsync(scenario, manager, ids, new Dictionary<string, string?> { ["step1.Message"] = "Hello {{Deal.Title}}" });
            var run = await kit.FinishedAsync(launch.RunId!.Value, TimeSpan.FromSeconds(180));

            var nodes = await kit.WithDbAsync(db => db.MessageAttempts.Select(a => a.Node).Distinct().CountAsync());
            var busiest = api.MaxInAnyWindow(TimeSpan.FromSeconds(1));
            var accepted = api.Requests.Where(r => r.StatusReturned == 200).Select(r => r.At).Order().ToList();
            var start = accepted[0];
            output.WriteLine(string.Join(" ", accepted.GroupBy(t => (int)(t - start).TotalSeconds).Select(g => $"{g.Key}:{g.Count()}")));
            output.WriteLine($"{accepted.Count} messages in {(accepted[^1] - accepted[0]).TotalSeconds:0.0} s; busiest second {busiest}; sending processes {nodes}.");

            Assert.All(await kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
            Assert.True(Messages == api.Requests.Count, $"{api.Requests.Count} requests: {string.Join(", ", api.Requests.GroupBy(r => r.StatusReturned).Select(g => $"{g.Count()} × {g.Key}"))}");
            Assert.Equal(Messages, api.DistinctIdempotencyKeys.Count);
            Assert.Equal(Messages, api.Requests.Select(r => r.To).Distinct().Count());
            Assert.Equal(Messages, await kit.WithDbAsync(db => db.WhatsAppMessages.CountAsync(m => m.RunId == run.Id && m.Status == MessageStatus.Sent)));
            Assert.Equal(2, nodes);

            // The limit over the whole run, which no stall can fake: 500 messages at 20/s take at least 24 s between the
            // first and the last (two processes each keeping to the rate alone would take 12 s).
            Assert.True(
                (accepted[^1] - accepted[0]).TotalSeconds >= (double)(Messages - Rate) / Rate,
                $"500 messages in {(accepted[^1] - accepted[0]).TotalSeconds:0.0} s: faster than {Rate} per second");

            // The busiest second is printed, not asserted: arrival times are stamped by the receiving server in this
            // process, and a pause of the process (a busy machine, a collection of the heap) stamps the requests that
            // arrived meanwhile together. The bound above is the one no pause can make pass falsely; the benchmark
            // (scripts/bench.sh) reports the per-second figures.
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
        }
    }
}
