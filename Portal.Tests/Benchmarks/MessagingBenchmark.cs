using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// Sending at a line's rate: 5,000 deals through one Cloud API line limited to 80 msg/s, on a fake provider on
/// 127.0.0.1 that enforces the same limit (a request over it gets 130429). Reports the achieved rate as a share
/// of the bound (goal ≥ 95 %) and the throttling errors (goal 0). Run by scripts/bench.sh; it asserts that every
/// message went out exactly once, never how fast: results go to TestResults/bench-messaging.md and .json.
/// </summary>
[Trait("Category", "Benchmark")]
public class MessagingBenchmark
{
    [Fact]
    public async Task FiveThousandDeals_ThroughOneLine_AtItsRate()
    {
        var deals = RunEngineBenchmark.Setting("PORTAL_BENCH_MSG_DEALS", 5_000);
        var rate = RunEngineBenchmark.Setting("PORTAL_BENCH_MSG_RATE", 80);
        var connectionString = await TestDatabases.CreateMigratedAsync("bench_messaging");
        try
        {
            // The provider stand-in and a web process in this process; the sending in a worker process of its own, as in
            // production, so that the fake server's clock is not held up by the portal's work on the same thread pool.
            await using var api = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { RateLimitPerSecond = rate });
            await using var app = new PortalAppFactory(connectionString, ProcessRole.Web);
            var kit = new RunTestKit(app.Services);
            var manager = await kit.ManagerAsync();
            var line = await FakeLines.AddAsync(app.Services, api, "Bench line", rate);
            var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(line.Id));
            var ids = await RunEngineBenchmark.SeedAsync(connectionString, manager.Id, deals);
            using var worker = PortalProcess.StartWorker(connectionString);
            var loadBefore = RunEngineBenchmark.LoadAverage();

            var watch = Stopwatch.StartNew();
            var launch = await kit.LaunchAsync(scenario, manager, ids, new Dictionary<string, string?> { ["step1.Message"] = "Hello {{Deal.Title}}!" });
            Assert.True(launch.Launched, launch.ErrorCode);
            var run = await kit.FinishedAsync(launch.RunId!.Value, TimeSpan.FromMinutes(30));
            var runSeconds = watch.Elapsed.TotalSeconds;
            var loadAfter = RunEngineBenchmark.LoadAverage();
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();

            // The work was done: every deal's message sent once, with a key of its own.
            var completed = await kit.WithDbAsync(db => db.RunItems.CountAsync(i => i.RunId == run.Id && i.Status == ItemStatus.Completed));
            var sent = await kit.WithDbAsync(db => db.WhatsAppMessages.CountAsync(m => m.RunId == run.Id && m.Status == MessageStatus.Sent));
            Assert.Equal(deals, completed);
            Assert.Equal(deals, sent);
            Assert.Equal(deals, api.SuccessCount);
            Assert.Equal(deals, api.DistinctIdempotencyKeys.Count);

            var accepted = api.Requests.Where(r => r.StatusReturned == 200).Select(r => r.At).Order().ToList();
            var sendingSeconds = (accepted[^1] - accepted[0]).TotalSeconds;
            var achieved = (accepted.Count - 1) / sendingSeconds;
            var figures = new SortedDictionary<string, object>
            {
                ["deals"] = deals,
                ["bound_msg_per_s"] = rate,
                ["achieved_msg_per_s"] = Math.Round(achieved, 2),
                ["fraction_of_bound"] = Math.Round(achieved / rate, 4),
                ["throttled"] = api.ThrottledCount,
                ["max_in_any_second"] = api.MaxInAnyWindow(TimeSpan.FromSeconds(1)),
                ["sending_s"] = Math.Round(sendingSeconds, 2),
                ["run_s"] = Math.Round(runSeconds, 2),
                ["requests"] = api.Requests.Count,
                ["accepted_per_second"] = accepted.GroupBy(t => (int)(t - accepted[0]).TotalSeconds).OrderBy(g => g.Key).Select(g => g.Count()).ToList(),
                ["throttled_at_s"] = api.Requests.Where(r => r.StatusReturned == 429).Select(r => Math.Round((r.At - accepted[0]).TotalSeconds, 2)).ToList(),
                ["load_before"] = loadBefore,
                ["load_after"] = loadAfter,
            };

            var report = new StringBuilder()
                .AppendLine("## Messaging: one Cloud API line on a fake provider that enforces the limit (one worker process)")
                .AppendLine()
                .AppendLine("| figure | value | goal |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine(CultureInfo.InvariantCulture, $"| messages (one per deal) | {deals:N0} | |")
                .AppendLine(CultureInfo.InvariantCulture, $"| line limit | {rate} msg/s | |")
                .AppendLine(CultureInfo.InvariantCulture, $"| achieved, first to last accepted message | {achieved:0.0} msg/s | |")
                .AppendLine(CultureInfo.InvariantCulture, $"| share of the limit | {achieved / rate:P1} | ≥ 95 % |")
                .AppendLine(CultureInfo.InvariantCulture, $"| throttling errors (130429) | {api.ThrottledCount} | 0 |")
                .AppendLine(CultureInfo.InvariantCulture, $"| most accepted in any 1 s window | {figures["max_in_any_second"]} | ≤ {rate} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| launch to run finished | {runSeconds:0.0} s | |")
                .AppendLine(CultureInfo.InvariantCulture, $"| load average before / after | {loadBefore:0.0} / {loadAfter:0.0} | |")
                .ToString();
            var folder = Environment.GetEnvironmentVariable("PORTAL_TEST_ARTIFACTS") ?? AppContext.BaseDirectory;
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-messaging.md"), report);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-messaging.json"), JsonSerializer.Serialize(figures));
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }
}
