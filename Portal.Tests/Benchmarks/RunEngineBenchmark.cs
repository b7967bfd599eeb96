using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Portal.Data;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Engine;
using Portal.Features.Launch;
using Portal.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Benchmarks;

/// <summary>
/// The run engine at 10,000 deals: a 3-robot scenario (sandbox send, change stage, add comment) launched
/// through the launch service and run by the real Hangfire workers, against two floors measured in the same
/// process on the same database: the same chunks run by <see cref="ChunkExecutor"/> directly (no job engine,
/// same parallelism as the Hangfire workers) on fresh deals, and a raw binary COPY of as many step rows as the
/// run logged. Then a crash: a worker process killed with -9 mid-run, another taking over (recovery time, items
/// lost, steps done twice). Run by scripts/bench.sh; it asserts that the work was done, never how fast:
/// results go to TestResults/bench-runs.md and bench-runs.json.
/// </summary>
[Trait("Category", "Benchmark")]
public class RunEngineBenchmark
{
    private const string Message = "Hello!";
    private const int WarmUpDeals = 500;

    [Fact]
    public async Task ThreeRobots_OnTenThousandDeals()
    {
        var deals = Setting("PORTAL_BENCH_RUN_DEALS", 10_000);
        var repeats = Setting("PORTAL_BENCH_RUN_REPEATS", 3);
        var connectionString = await TestDatabases.CreateMigratedAsync("bench_runs");
        try
        {
            await using var app = new PortalAppFactory(connectionString);
            var recovery = await RecoveryAsync(deals);
            var result = await MeasureAsync(app, deals, repeats, recovery);
            var folder = Environment.GetEnvironmentVariable("PORTAL_TEST_ARTIFACTS") ?? AppContext.BaseDirectory;
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-runs.md"), result.Report);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench-runs.json"), result.Json);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    private static async Task<(string Report, string Json)> MeasureAsync(PortalAppFactory app, int deals, int repeats, Recovery recovery)
    {
        var services = app.Services;
        var kit = new RunTestKit(services);
        var workers = services.GetRequiredService<IOptions<PortalOptions>>().Value.Jobs.RunWorkers;
        var chunkSize = services.GetRequiredService<IOptions<RunOptions>>().Value.ChunkSize;

        // The floor's launches: the same launch path, its chunks handed to nobody (they are run in-process below).
        var floorLauncher = new LaunchService(
            services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            services.GetRequiredService<Portal.Features.Crm.CrmAccess>(),
            services.GetRequiredService<Portal.Domain.Robots.RobotCatalog>(),
            new RunScheduler(new NoJobs(), TimeProvider.System),
            TimeProvider.System,
            services.GetRequiredService<IOptions<RunOptions>>(),
            services.GetRequiredService<ILogger<LaunchService>>());
        var manager = await kit.ManagerAsync();
        var line = await kit.SandboxLineAsync();
        var scenario = await kit.ScenarioAsync(
            RunTestKit.SendMessage(line),
            RunTestKit.ChangeStage(5),
            RunTestKit.Comment("Won: {{Deal.Title}} ({{Launch.step1.Message}})"));
        var robots = scenario.Steps.Count;
        var values = new Dictionary<string, string?> { ["step1.Message"] = Message };

        var loadBefore = LoadAverage();
        var seedWatch = Stopwatch.StartNew();
        var pool = await SeedAsync(app.ConnectionString, manager.Id, (WarmUpDeals + deals) * 2 * repeats);
        var seeded = seedWatch.Elapsed;
        var next = 0;
        List<long> Take(int count)
        {
            var ids = pool.GetRange(next, count);
            next += count;
            return ids;
        }

        async Task<(double LaunchMs, long RunId)> LaunchAsync(List<long> ids, LaunchService? launcher = null)
        {
            var watch = Stopwatch.StartNew();
            var launch = await (launcher ?? kit.Launcher).LaunchAsync(new LaunchRequest(scenario.Id, scenario.EntityType, ids, values, manager.Id, RunSource.Ui));
            var ms = watch.Elapsed.TotalMilliseconds;
            Assert.True(launch.Launched, launch.ErrorCode);
            return (ms, launch.RunId!.Value);
        }

        // Through Hangfire: launch, then wait for every item to be terminal (the run's own finish time ends it).
        async Task<(double LaunchMs, double RunS, long RunId)> EngineRunAsync(int count)
        {
            var ids = Take(count);
            var (launchMs, runId) = await LaunchAsync(ids);
            var launched = DateTimeOffset.UtcNow;
            var run = await kit.FinishedAsync(runId, TimeSpan.FromMinutes(30));
            return (launchMs, (run.FinishedAt!.Value - launched).TotalSeconds, runId);
        }

        // The floor: the same launch with no jobs enqueued, then every chunk run by the chunk executor in-process,
        // as many at once as Hangfire has workers.
        async Task<(double RunS, long RunId)> FloorRunAsync(int count)
        {
            var (_, runId) = await LaunchAsync(Take(count), floorLauncher);

            var chunks = (count + chunkSize - 1) / chunkSize;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, chunks),
                new ParallelOptions { MaxDegreeOfParallelism = workers },
                async (chunk, token) =>
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RunAsync(runId, chunk, token);
                });
            var seconds = watch.Elapsed.TotalSeconds;
            var run = await kit.WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleAsync(r => r.Id == runId));
            Assert.Equal(RunStatus.Completed, run.Status);
            return (seconds, runId);
        }

        // Warm-up (JIT, pools, plans): a small run each way, not measured.
        await EngineRunAsync(WarmUpDeals);
        await FloorRunAsync(WarmUpDeals);

        var samples = new List<Sample>();
        for (var i = 0; i < repeats; i++)
        {
            var (launchMs, runS, runId) = await EngineRunAsync(deals);
            await CheckAsync(kit, runId, deals, robots);
            var (floorS, floorRunId) = await FloorRunAsync(deals);
            await CheckAsync(kit, floorRunId, deals, robots);
            var (logRows, copyS) = await CopyFloorAsync(app.ConnectionString, runId);
            samples.Add(new Sample(launchMs, runS, floorS, logRows, copyS));
            if (i + 1 < repeats)
            {
                await VacuumAsync(app.ConnectionString);
            }
        }

        double Median(Func<Sample, double> of)
        {
            var sorted = samples.Select(of).Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var steps = (double)deals * robots;
        var runSeconds = Median(s => s.RunS);
        var floorSeconds = Median(s => s.FloorS);
        var copySeconds = Median(s => s.CopyS);
        var loadAfter = LoadAverage();
        var peakRssMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var figures = new Dictionary<string, object>
        {
            ["deals"] = deals,
            ["robots"] = robots,
            ["repeats"] = repeats,
            ["chunk_size"] = chunkSize,
            ["workers"] = workers,
            ["launch_ms"] = Math.Round(Median(s => s.LaunchMs), 1),
            ["run_s"] = Math.Round(runSeconds, 3),
            ["entity_steps_per_s"] = Math.Round(steps / runSeconds),
            ["floor_s"] = Math.Round(floorSeconds, 3),
            ["floor_entity_steps_per_s"] = Math.Round(steps / floorSeconds),
            ["floor_ratio"] = Math.Round(Median(s => s.RunS / s.FloorS), 2),
            ["log_rows"] = samples[0].LogRows,
            ["copy_s"] = Math.Round(copySeconds, 3),
            ["copy_ratio"] = Math.Round(Median(s => s.RunS / s.CopyS), 1),
            ["recovery_s"] = Math.Round(recovery.Seconds, 1),
            ["lost_items"] = recovery.LostItems,
            ["duplicate_steps"] = recovery.DuplicateSteps,
            ["peak_rss_mb"] = Math.Round(peakRssMb),
            ["cores"] = Environment.ProcessorCount,
            ["load_avg_1m"] = new[] { loadBefore, loadAfter },
            ["samples"] = samples.Select(s => new Dictionary<string, double>
            {
                ["launch_ms"] = Math.Round(s.LaunchMs, 1),
                ["run_s"] = Math.Round(s.RunS, 3),
                ["floor_s"] = Math.Round(s.FloorS, 3),
                ["copy_s"] = Math.Round(s.CopyS, 3),
            }).ToList(),
        };

        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder()
            .AppendLine(c, $"Run engine: {deals:N0} deals × {robots} robots (sandbox send, change stage, add comment), chunks of {chunkSize}, {workers} Hangfire workers, {Environment.ProcessorCount} cores")
            .AppendLine(c, $"  seeded {pool.Count:N0} deals with contacts and mobile phones in {seeded.TotalSeconds:F1} s; warm-up runs of {WarmUpDeals} deals not counted; medians of {repeats} repeats")
            .AppendLine(c, $"  launch (run + {deals:N0} items written, {(deals + chunkSize - 1) / chunkSize} chunks enqueued as Hangfire jobs): {figures["launch_ms"]} ms   [target ≤ 1,000 ms]")
            .AppendLine(c, $"  run through Hangfire, launch returned → last item terminal: {runSeconds:F2} s = {figures["entity_steps_per_s"]} entity-steps/s   [target ≥ 3,000]")
            .AppendLine(c, $"  floor, the same chunks by ChunkExecutor.RunAsync in-process on {deals:N0} fresh deals, {workers} at a time, no job engine: {floorSeconds:F2} s = {figures["floor_entity_steps_per_s"]} entity-steps/s")
            .AppendLine(c, $"  floor ratio (run time / floor time): {figures["floor_ratio"]}   [target ≤ 1.5]")
            .AppendLine(c, $"  raw binary COPY of {samples[0].LogRows:N0} step rows into RunSteps, one transaction, committed: {copySeconds:F3} s; the run takes {figures["copy_ratio"]}× that")
            .AppendLine(c, $"  crash: a worker process killed with -9 after {recovery.StepsAtKill:N0} of {deals * robots:N0} steps; the jobs it was running started again on another worker {recovery.Seconds:F1} s later (recovery_s)   [goal ≤ 30 s]; lost items {recovery.LostItems}, steps or comments done twice {recovery.DuplicateSteps}   [both 0]")
            .AppendLine(c, $"  peak RSS of the test process (app, workers and benchmark): {figures["peak_rss_mb"]} MB")
            .AppendLine(c, $"  machine load (1-minute average) before / after: {loadBefore} / {loadAfter} on {Environment.ProcessorCount} cores (other work on the machine slows every figure)")
            .AppendLine("  each repeat (launch ms / run s / floor s / copy s): " + string.Join("; ", samples.Select(s =>
                string.Create(c, $"{s.LaunchMs:F0} / {s.RunS:F2} / {s.FloorS:F2} / {s.CopyS:F3}"))));
        return (report.ToString(), JsonSerializer.Serialize(figures));
    }

    /// <summary>
    /// A worker killed with -9 in the middle of a run on a database of its own: a web process here launches, one worker
    /// process runs the chunks and is killed once it has recorded some steps; a second worker process, started at the
    /// kill, takes the dead one's jobs when they become visible again. Recovery is the time from the kill until the
    /// second worker starts the jobs the dead one was running (Hangfire's own state history says when); then every item
    /// must have completed, each step once.
    /// </summary>
    private static async Task<Recovery> RecoveryAsync(int deals)
    {
        var connectionString = await TestDatabases.CreateMigratedAsync("bench_crash");
        try
        {
            await using var web = new PortalAppFactory(connectionString, ProcessRole.Web);
            var kit = new RunTestKit(web.Services);
            var manager = await kit.ManagerAsync();
            var scenario = await kit.ScenarioAsync(RunTestKit.Comment("A"), RunTestKit.Comment("B"), RunTestKit.Comment("C"));
            var ids = await SeedAsync(connectionString, manager.Id, deals);
            using var doomed = PortalProcess.StartWorker(connectionString);
            await kit.WorkersUpAsync(1);
            var launch = await kit.LaunchAsync(scenario, manager, ids);
            var runId = launch.RunId!.Value;
            var total = deals * scenario.Steps.Count;
            await Eventually.GetAsync(
                async () => await kit.WithDbAsync(db => db.RunSteps.CountAsync(s => s.RunId == runId)) >= total / 10 ? "started" : null,
                TimeSpan.FromMinutes(5),
                "the doomed worker to record a tenth of the steps");
            doomed.Kill(entireProcessTree: true);
            var killedAt = DateTimeOffset.UtcNow;
            await doomed.WaitForExitAsync();
            var atKill = await kit.WithDbAsync(db => db.RunSteps.CountAsync(s => s.RunId == runId));

            // The jobs the dead worker was running: Hangfire still has them as processing. Jobs nobody had taken yet are
            // picked up as soon as another worker is there; these wait until they are visible again.
            var inFlight = await kit.WithDbAsync(db => db.Database
                .SqlQuery<long>($"SELECT id AS \"Value\" FROM hangfire.job WHERE statename = 'Processing'")
                .ToListAsync());
            Assert.NotEmpty(inFlight);
            using var survivor = PortalProcess.StartWorker(connectionString);
            try
            {
                var moved = await Eventually.GetAsync(
                    async () => await kit.WithDbAsync(db => db.Database
                        .SqlQuery<DateTimeOffset?>($"SELECT min(createdat) AS \"Value\" FROM hangfire.state WHERE jobid = ANY({inFlight.ToArray()}) AND name = 'Processing' AND createdat > {killedAt}")
                        .SingleAsync()) is { } at ? (object)at : null,
                    TimeSpan.FromMinutes(5),
                    "another worker to take the dead worker's jobs");
                await kit.FinishedAsync(runId, TimeSpan.FromMinutes(10));
                var lost = await kit.WithDbAsync(db => db.RunItems.CountAsync(i => i.RunId == runId && i.Status != ItemStatus.Completed));
                var twice = await kit.WithDbAsync(async db =>
                    await db.RunSteps.Where(s => s.RunId == runId).GroupBy(s => new { s.ItemId, s.StepIndex }).CountAsync(g => g.Count() > 1)
                    + await db.TimelineEntries.Where(t => ids.Contains(t.EntityId) && t.EntityType == Portal.Domain.Crm.CrmEntityType.Deal)
                        .GroupBy(t => new { t.EntityId, t.Text }).CountAsync(g => g.Count() > 1));
                return new Recovery(((DateTimeOffset)moved - killedAt).TotalSeconds, lost, twice, atKill);
            }
            finally
            {
                survivor.Kill(entireProcessTree: true);
                await survivor.WaitForExitAsync();
            }
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    /// <summary>The 1-minute load average (Linux), to tell a quiet measurement from a crowded one; -1 elsewhere.</summary>
    internal static double LoadAverage() =>
        File.Exists("/proc/loadavg")
        && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : -1;

    internal static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>Every item completed, every step logged once: a benchmark of work not done measures nothing.</summary>
    private static async Task CheckAsync(RunTestKit kit, long runId, int deals, int robots)
    {
        var (completed, steps, messages) = await kit.WithDbAsync(async db => (
            await db.RunItems.CountAsync(i => i.RunId == runId && i.Status == ItemStatus.Completed),
            await db.RunSteps.CountAsync(s => s.RunId == runId && s.Status == StepStatus.Completed),
            await db.WhatsAppMessages.CountAsync(m => m.RunId == runId)));
        Assert.Equal(deals, completed);
        Assert.Equal(deals * robots, steps);
        Assert.Equal(deals, messages);
    }

    /// <summary>Contacts with one mobile phone each and a deal linked to each, in the first stage; their deal ids in order.</summary>
    internal static async Task<List<long>> SeedAsync(string connectionString, string ownerId, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH c AS (
                INSERT INTO "Contacts" ("FirstName", "LastName", "ResponsibleId", "CreatedAt", "CreatedById", "ModifiedAt", "ModifiedById", "Emails")
                SELECT 'Bench', 'Client ' || g, @owner, now(), @owner, now(), @owner, '{}' FROM generate_series(1, @count) g
                RETURNING "Id"),
            p AS (
                INSERT INTO "ContactPhones" ("Number", "Digits", "Type", "OwnerId")
                SELECT '+7 999 ' || lpad(c."Id"::text, 7, '0'), '7999' || lpad(c."Id"::text, 7, '0'), 'Mobile', c."Id" FROM c),
            d AS (
                INSERT INTO "Deals" ("Title", "PipelineId", "StageId", "Amount", "Currency", "ContactId", "ResponsibleId", "CreatedAt", "CreatedById", "ModifiedAt", "ModifiedById")
                SELECT 'Bench deal ' || c."Id", @pipeline, @stage, 1000, 'RUB', c."Id", @owner, now(), @owner, now(), @owner FROM c
                RETURNING "Id")
            SELECT "Id" FROM d ORDER BY "Id"
            """,
            connection);
        command.Parameters.AddWithValue("owner", ownerId);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("pipeline", CrmTestData.FirstStage.PipelineId);
        command.Parameters.AddWithValue("stage", CrmTestData.FirstStage.Id);
        var ids = new List<long>(count);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        await VacuumAsync(connectionString);
        return ids;
    }

    private static async Task VacuumAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection);
        vacuum.CommandTimeout = 600;
        await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The log's floor: the run's step rows, read beforehand, written again with binary COPY into RunSteps (step
    /// index moved past the real ones, same indexes and foreign key) in one committed transaction, deleted afterwards.
    /// </summary>
    private static async Task<(long Rows, double Seconds)> CopyFloorAsync(string connectionString, long runId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var rows = new List<object?[]>();
        await using (var read = new NpgsqlCommand(
            """
            SELECT "RunId", "ItemId", "EntityId", "StepIndex" + 1000, "RobotKey", "Status", "Inputs"::text, "Output", "ErrorCode", "ErrorDetail", "StartedAt", "FinishedAt", "Attempts"
            FROM "RunSteps" WHERE "RunId" = @run
            """,
            connection))
        {
            read.Parameters.AddWithValue("run", runId);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                reader.GetValues(row!);
                rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
            }
        }

        NpgsqlDbType[] types =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Smallint,
            NpgsqlDbType.Jsonb, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
            NpgsqlDbType.Integer,
        ];
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(
            """
            COPY "RunSteps" ("RunId", "ItemId", "EntityId", "StepIndex", "RobotKey", "Status", "Inputs", "Output", "ErrorCode", "ErrorDetail", "StartedAt", "FinishedAt", "Attempts")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await importer.WriteNullAsync();
                    }
                    else
                    {
                        await importer.WriteAsync(row[i], types[i]);
                    }
                }
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        await using var cleanUp = new NpgsqlCommand("""DELETE FROM "RunSteps" WHERE "RunId" = @run AND "StepIndex" >= 1000""", connection);
        cleanUp.Parameters.AddWithValue("run", runId);
        await cleanUp.ExecuteNonQueryAsync();
        return (rows.Count, seconds);
    }

    private sealed record Sample(double LaunchMs, double RunS, double FloorS, long LogRows, double CopyS);

    private sealed record Recovery(double Seconds, int LostItems, int DuplicateSteps, int StepsAtKill);

    /// <summary>A job client that enqueues nothing: the floor runs its chunks itself.</summary>
    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "none";

        public bool ChangeState(string jobId, IState state, string expectedState) => false;
    }
}
