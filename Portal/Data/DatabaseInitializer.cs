using System.Net.Sockets;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Hosting;
using Portal.Jobs;

namespace Portal.Data;

/// <summary>The database cannot be reached at start-up; the message says where and what to do.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Brings the database to the current schema before anything else touches it: EF Core migrations,
/// then Hangfire's schema and recurring jobs, then reference data and roles (and demo users when configured). Runs under a PostgreSQL
/// advisory lock, so processes starting together take turns instead of racing.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    IOptions<PortalOptions> options,
    IOptions<Features.Engine.RunOptions> runs,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>An arbitrary constant shared by every Portal process: "Portal" in ASCII.</summary>
    private const long AdvisoryLockKey = 0x506F7274616C;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var connectionString = DatabaseConnection.Resolve(configuration);
        await using var connection = await OpenWithRetryAsync(connectionString, cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            // On an empty database EF would first query the missing history table and log that as an
            // error; creating it first keeps a first start's log clean.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            await db.Database.MigrateAsync(cancellationToken);
            var database = DatabaseConnection.Describe(connectionString);
            var current = db.Database.GetMigrations().LastOrDefault() ?? "none";
            LogDatabaseMigrated(logger, database, current, pending);

            // Hangfire's own installer, under the same lock (its storage never prepares the schema by itself).
            PostgreSqlObjectsInstaller.Install(connection, JobsSetup.Schema);
            JobsSetup.AddRecurringJobs(scope.ServiceProvider.GetRequiredService<IRecurringJobManager>(), runs.Value);

            await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync(cancellationToken);
            var seeder = scope.ServiceProvider.GetRequiredService<IdentitySeeder>();
            await seeder.SeedRolesAsync();
            if (options.Value.SeedDemoUsers)
            {
                await seeder.SeedDemoUsersAsync();
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<NpgsqlConnection> OpenWithRetryAsync(string connectionString, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow().AddSeconds(options.Value.DatabaseStartupTimeoutSeconds);
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                await connection.DisposeAsync();
                if (clock.GetUtcNow() >= deadline || ex is PostgresException)
                {
                    throw new DatabaseUnavailableException(
                        $"PostgreSQL at {DatabaseConnection.Describe(connectionString)} cannot be reached: {ex.Message}. " +
                        $"Start it, or point {DatabaseConnection.EnvironmentVariable} at a running server " +
                        "(scripts/run.sh starts a local one when PORTAL_DB is not set).",
                        ex);
                }

                LogWaitingForDatabase(logger, DatabaseConnection.Describe(connectionString), ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>The start-up's first line: where the data is and which schema it has (before Data Protection may warn about a new key).</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} is at migration {Migration} ({Applied} applied at this start)")]
    private static partial void LogDatabaseMigrated(ILogger logger, string database, string migration, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for PostgreSQL at {Database}: {Reason}")]
    private static partial void LogWaitingForDatabase(ILogger logger, string database, string reason);
}
