using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// The deals list at a million deals, timed on the server side (query + count, as the page asks).
/// Run by scripts/bench.sh against a seeded database; never part of scripts/test.sh, and it asserts
/// nothing about time: it reports medians and 90th percentiles to TestResults/bench-crm.md (and bench-crm.json).
/// </summary>
[Trait("Category", "Benchmark")]
public class CrmListBenchmark
{
    private const int Rounds = 21;

    [Fact]
    public async Task DealsList_AtAMillionDeals()
    {
        var connectionString = Environment.GetEnvironmentVariable("PORTAL_BENCH_DB")
            ?? throw new InvalidOperationException("PORTAL_BENCH_DB is not set: run scripts/bench.sh, which seeds a database and sets it.");
        await using var app = new PortalAppFactory(connectionString, ProcessRole.Web);
        var access = app.Services.GetRequiredService<CrmAccess>();
        var deals = app.Services.GetRequiredService<DealQueries>();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = await access.ForUserAsync((await users.FindByEmailAsync("admin@portal.local"))!.Id);
        var manager = await access.ForUserAsync((await users.FindByEmailAsync("manager@portal.local"))!.Id);
        var all = new DealFilter();
        var firstPage = new PageRequest(0, 20);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| case ({Rounds} rounds) | rows matching | median ms | p90 ms |")
            .AppendLine("| --- | ---: | ---: | ---: |");
        var figures = new List<Dictionary<string, object>>();
        async Task MeasureAsync(string name, Func<Task<long>> run)
        {
            var matching = await run();
            var times = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {matching:N0} | {times[Rounds / 2]:F1} | {times[(int)(Rounds * 0.9)]:F1} |");
            figures.Add(new() { ["case"] = name, ["rows"] = matching, ["median_ms"] = Math.Round(times[Rounds / 2], 1), ["p90_ms"] = Math.Round(times[(int)(Rounds * 0.9)], 1) });
        }

        Task<long> List(CrmAccessContext who, DealFilter filter, PageRequest page) =>
            deals.ListAsync(who, filter, page).ContinueWith(t => t.Result.Total, TaskScheduler.Default);

        await MeasureAsync("first page, administrator (all deals)", () => List(admin, all, firstPage));
        await MeasureAsync("first page, manager (own deals)", () => List(manager, all, firstPage));
        await MeasureAsync("first page sorted by amount", () => List(admin, all, new PageRequest(0, 20, nameof(DealRow.Amount), true)));
        await MeasureAsync("page 2,501 by offset (skip 50,000)", () => List(admin, all, new PageRequest(50_000, 20)));
        var lastOfPage2500 = (await deals.ListAsync(admin, all, new PageRequest(49_980, 20))).Rows[^1];
        await MeasureAsync("page 2,501 by keyset (after page 2,500)", () =>
            deals.ListAsync(admin, all, new PageRequest(50_000, 20), lastOfPage2500).ContinueWith(t => t.Result.Total, TaskScheduler.Default));
        var lastByAmount = (await deals.ListAsync(admin, all, new PageRequest(49_980, 20, nameof(DealRow.Amount), true))).Rows[^1];
        await MeasureAsync("page 2,501 by keyset, sorted by amount", () =>
            deals.ListAsync(admin, all, new PageRequest(50_000, 20, nameof(DealRow.Amount), true), lastByAmount).ContinueWith(t => t.Result.Total, TaskScheduler.Default));
        await MeasureAsync("filtered: 2 stages, amount 10,000–500,000", () => List(admin, new DealFilter(StageIds: [2, 3], AmountFrom: 10_000, AmountTo: 500_000), firstPage));
        await MeasureAsync("phone search \"999 12\"", () => List(admin, new DealFilter(Search: "999 12"), firstPage));
        await MeasureAsync("title search \"поставка\"", () => List(admin, new DealFilter(Search: "поставка"), firstPage));
        await MeasureAsync("count only, administrator", () => deals.CountAsync(admin, all));

        var path = Path.Combine(Environment.GetEnvironmentVariable("PORTAL_TEST_ARTIFACTS") ?? AppContext.BaseDirectory, "bench-crm.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report.ToString());
        var total = await deals.CountAsync(admin, all);
        await File.WriteAllTextAsync(
            Path.ChangeExtension(path, ".json"),
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["deals"] = total, ["rounds"] = Rounds, ["cases"] = figures }));
    }
}
