using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// The run log at size: PORTAL_BENCH_LOG_ITEMS run items (default 1,000,000) in runs of 1,000, three step records and
/// one WhatsApp message each, one item in ten failed with an error code. Times, on the server, what support staff
/// open: the runs page (list, counts, dashboard), a run's first and a deep page of items, the search by phone number
/// and by error code (first and a deep keyset page). Goal: each ≤ 100 ms. Run by scripts/bench.sh; results go to
/// TestResults/bench-log.md and bench-log.json.
/// </summary>
[Trait("Category", "Benchmark")]
public class RunLogBenchmark
{
    private const int ItemsPerRun = 1000;
    private const int Rounds = 11;
    private static readonly string[] Codes = [ErrorCodes.PhoneInvalid, ErrorCodes.PhoneMissing, ErrorCodes.ProviderRejected, ErrorCodes.RightsInsufficient, ErrorCodes.ProviderUnavailable];

    [Fact]
    public async Task SupportQueries_AtAMillionItems()
    {
        var items = RunEngineBenchmark.Setting("PORTAL_BENCH_LOG_ITEMS", 1_000_000);
        var runs = Math.Max(1, items / ItemsPerRun);
        var connectionString = await TestDatabases.CreateMigratedAsync("bench_log");
        try
        {
            await using var app = new PortalAppFactory(connectionString, Hosting.ProcessRole.Web);
            var kit = new RunTestKit(app.Services);
            var support = await kit.Data.UserAsync("Bench Support", null, PortalRoles.Support);
            var manager = await kit.ManagerAsync();
            var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
            var seedWatch = Stopwatch.StartNew();
            await SeedAsync(connectionString, scenario.Id, manager.Id, await kit.SandboxLineAsync(), runs);

            // The seeded runs are over: their failure counts, as the engine keeps them when a run ends.
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                foreach (var runId in await db.ScenarioRuns.Where(r => r.ScenarioName.StartsWith("Bench campaign")).Select(r => r.Id).ToListAsync())
                {
                    await RunTotals.FreezeAsync(db, runId, CancellationToken.None);
                }

                // As autovacuum would after such a change: the planner must know the runs are finished.
                await db.Database.ExecuteSqlRawAsync("ANALYZE \"ScenarioRuns\"; ANALYZE \"RunErrorCounts\";");
            }

            var seeded = seedWatch.Elapsed;

            await using var scope = app.Services.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<RunLogQueries>();
            var runQueries = scope.ServiceProvider.GetRequiredService<RunQueries>();
            var search = scope.ServiceProvider.GetRequiredService<RunSearch>();
            var middleRun = (long)(runs / 2) + 1;
            var phone = $"+7999{(items / 2):0000000}";
            var filter = new RunFilter(null, null, null, null, null, null);
            var deepCursor = (await search.FindAsync(support.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.ProviderRejected), take: 200)).Before;
            for (var page = 0; page < 20 && deepCursor is not null; page++)
            {
                deepCursor = (await search.FindAsync(support.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.ProviderRejected), deepCursor, take: 200)).Before;
            }

            var page25 = new PageRequest(480, 20);
            var pageBefore = ShownItems.Of(page25, (await runQueries.ItemsAsync(support.Id, middleRun, null, page25)).Rows);
            var cases = new (string Name, Func<Task<int>> Query)[]
            {
                ("runs page: first page of runs", async () => (await log.SearchRunsAsync(support.Id, filter, null, 20)).Rows.Count),
                ("runs page: counts per status", async () => (await log.CountsAsync(support.Id, filter)).Total),
                ("runs page: 24-hour dashboard", async () => (await log.DashboardAsync(support.Id, new RunFilter(), DateTimeOffset.UtcNow)).TopErrors.Count),
                ("run page: first page of items", async () => (await runQueries.ItemsAsync(support.Id, middleRun, null, new PageRequest(0, 20))).Rows.Count),
                ("run page: the page after page 25 (keyset)", async () => (await runQueries.ItemsAsync(support.Id, middleRun, null, new PageRequest(500, 20), shown: pageBefore)).Rows.Count),
                ("run page: last page of items (from the end)", async () => (await runQueries.ItemsAsync(support.Id, middleRun, null, new PageRequest(ItemsPerRun - 20, 20))).Rows.Count),
                ("run page: failed items filtered by error code", async () => (await runQueries.ItemsAsync(support.Id, middleRun, null, new PageRequest(0, 20), ErrorCodes.ProviderRejected)).Rows.Count),
                ("search by phone number", async () => (await search.FindAsync(support.Id, new ItemSearchQuery(Phone: phone))).Rows.Count),
                ("search by error code, first page", async () => (await search.FindAsync(support.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.ProviderRejected))).Rows.Count),
                ("search by error code, page after 4,000 rows (keyset)", async () => (await search.FindAsync(support.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.ProviderRejected), deepCursor)).Rows.Count),
            };

            var results = new List<(string Name, double Median, double P90, int Rows)>();
            foreach (var (name, query) in cases)
            {
                var rows = await query();
                var times = new List<double>();
                for (var i = 0; i < Rounds; i++)
                {
                    var watch = Stopwatch.StartNew();
                    rows = await query();
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                results.Add((name, times[Rounds / 2], times[(int)Math.Ceiling(Rounds * 0.9) - 1], rows));
                Assert.True(rows > 0, $"{name} found nothing: the benchmark would measure nothing");
            }

            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"## Run log: {items:N0} items, {items * 3:N0} step records, {items:N0} messages in {runs:N0} runs (seeded in {seeded.TotalSeconds:0.0} s)")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Server time, medians of {Rounds} rounds, as a support user (reads every run). Goal: each ≤ 100 ms.")
                .AppendLine()
                .AppendLine("| query | rows | median ms | p90 ms |")
                .AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, median, p90, rows) in results)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {rows} | {median:0.0} | {p90:0.0} |");
            }

            var json = JsonSerializer.Serialize(new
            {
                items,
                steps = items * 3,
                runs,
                seed_s = Math.Round(seeded.TotalSeconds, 1),
                load_avg_1m = RunEngineBenchmark.LoadAverage(),
                cases = results.Select(r => new { name = r.Name, rows = r.Rows, median_ms = Math.Round(r.Median, 1), p90_ms = Math.Round(r.P90, 1) }),
            });
            var folder = Environment.GetEnvironmentVariable("PORTAL_TEST_ARTIFACTS") ?? AppContext.BaseDirectory;
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-log.md"), report.ToString());
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-log.json"), json);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    /// <summary>Runs of 1,000 items over the last 20 hours, three steps and a message per item, one item in ten failed.</summary>
    private static async Task SeedAsync(string connectionString, long scenarioId, string userId, int lineId, int runs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var codes = string.Join(", ", Codes.Select(c => $"'{c}'"));
        var sql = $"""
            INSERT INTO "ScenarioRuns" ("ScenarioId", "ScenarioName", "ScenarioVersion", "EntityType", "LaunchedById", "RunAsId", "Source", "Culture",
                "LaunchedAt", "StartedAt", "FinishedAt", "Status", "ItemCount", "ChunkSize", "LaunchValues", "Steps")
            SELECT @scenario, 'Bench campaign ' || (g % 7), 1, 'Deal', @user, @user, 'Ui', 'en',
                now() - make_interval(secs => (@runs - g) * 72000.0 / @runs), now(), now(), 'Completed', {ItemsPerRun}, 250, @empty::jsonb, '[]'
            FROM generate_series(1, @runs) g;

            INSERT INTO "RunItems" ("RunId", "EntityId", "Chunk", "Status", "NextStep", "StartedAt", "FinishedAt", "ErrorCode", "ErrorDetail", "UpdatedAt")
            SELECT r."Id", (r."Id" - 1) * {ItemsPerRun} + i, (i - 1) / 250,
                CASE WHEN i % 10 = 0 THEN 3 ELSE 2 END, 3, r."LaunchedAt", r."LaunchedAt",
                CASE WHEN i % 10 = 0 THEN (ARRAY[{codes}])[1 + (i / 10) % 5] END,
                CASE WHEN i % 10 = 0 THEN 'HTTP 400, code 131026: Message undeliverable' END,
                r."LaunchedAt"
            FROM "ScenarioRuns" r, generate_series(1, {ItemsPerRun}) i;

            INSERT INTO "RunSteps" ("RunId", "ItemId", "EntityId", "StepIndex", "RobotKey", "Status", "Inputs", "Output", "StartedAt", "FinishedAt", "Attempts")
            SELECT i."RunId", i."Id", i."EntityId", s, 'olchat.send_message', 0,
                jsonb_build_object('Phone', '+7 999 ' || lpad(i."EntityId"::text, 7, '0'), 'Message', 'Hello, your order is ready'),
                '+7999' || lpad(i."EntityId"::text, 7, '0') || ': sent', i."StartedAt", i."FinishedAt", 1
            FROM "RunItems" i, generate_series(0, 2) s;

            INSERT INTO "WhatsAppMessages" ("LineId", "To", "Text", "IdempotencyKey", "RunId", "RunItemId", "StepIndex", "EntityType", "EntityId",
                "Status", "Attempts", "ProviderMessageId", "CreatedAt", "SentAt", "StatusAt", "CreatedById")
            SELECT @line, '+7999' || lpad(i."EntityId"::text, 7, '0'), 'Hello, your order is ready', 'run:' || i."Id" || ':0:+7999' || lpad(i."EntityId"::text, 7, '0'),
                i."RunId", i."Id", 0, 'Deal', i."EntityId", 'Sent', 1, 'sandbox.' || i."Id", i."StartedAt", i."StartedAt", i."StartedAt", @user
            FROM "RunItems" i;

            ANALYZE;
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        command.Parameters.AddWithValue("scenario", scenarioId);
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("line", lineId);
        command.Parameters.AddWithValue("runs", runs);
        command.Parameters.AddWithValue("empty", "{}");
        await command.ExecuteNonQueryAsync();
    }
}
