using Npgsql;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server that <c>scripts/test.sh</c> provides (<c>PORTAL_TEST_DB</c>: a connection
/// string without a database). Every test class gets a database of its own, cloned from a template
/// that was migrated once per test run; the run database of <c>scripts/run.sh</c> is never touched.
/// </summary>
public static class TestDatabases
{
    public const string EnvironmentVariable = "PORTAL_TEST_DB";

    /// <summary>One template per checkout, so test runs of two working trees on one server never drop each other's.</summary>
    private static readonly string TemplateName = $"portal_test_template_{CheckoutHash()}";
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;

    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set. Run the tests with scripts/test.sh, which starts PostgreSQL " +
                    "and sets it (for example Host=127.0.0.1;Port=55432;Username=portal;Password=…).");
            }

            return value;
        }
    }

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>A new, empty database (no schema at all).</summary>
    public static async Task<string> CreateEmptyAsync(string purpose)
    {
        var name = NewName(purpose);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    /// <summary>A new database with the current schema, Hangfire's schema and the portal roles.</summary>
    public static async Task<string> CreateMigratedAsync(string purpose)
    {
        await EnsureTemplateAsync();
        var name = NewName(purpose);
        await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"");
        return ConnectionString(name);
    }

    private static string CheckoutHash() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..8];

    public static async Task DropAsync(string connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();

        // FORCE ends the sessions it may end; an autovacuum worker (the server's own role) it may not: wait for it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException error) when (error.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300 * attempt));
            }
        }
    }

    private static async Task EnsureTemplateAsync()
    {
        if (_templateReady)
        {
            return;
        }

        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady)
            {
                return;
            }

            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)");
            await ExecuteAsync($"CREATE DATABASE \"{TemplateName}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString(TemplateName)) { Pooling = false }.ConnectionString;

            // The real start-up path migrates it: EF migrations, Hangfire's schema, roles.
            await using (var app = new PortalAppFactory(connectionString, Hosting.ProcessRole.Web))
            {
                _ = app.Services;
            }

            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    /// <summary>Unique, recognisable, and within PostgreSQL's 63-byte identifier limit.</summary>
    private static string NewName(string purpose)
    {
        var name = $"portal_test_{Guid.NewGuid():N}_{purpose.ToLowerInvariant()}";
        return name.Length <= 63 ? name : name[..63];
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
