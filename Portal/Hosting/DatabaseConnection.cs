using Npgsql;

namespace Portal.Hosting;

/// <summary>Where the portal's PostgreSQL is: <c>PORTAL_DB</c>, else <c>ConnectionStrings:Portal</c>.</summary>
public static class DatabaseConnection
{
    public const string EnvironmentVariable = "PORTAL_DB";

    public static string Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[EnvironmentVariable];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration.GetConnectionString("Portal");
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"No database is configured. Set {EnvironmentVariable} to a PostgreSQL connection string " +
                "(scripts/run.sh does this for you) or ConnectionStrings:Portal in appsettings.");
        }

        return WithSessionDefaults(value);
    }

    /// <summary>
    /// The portal's session settings added to the connection string: JIT off. The portal's queries are short index
    /// reads, but a correlated count that is never executed still raises the planner's estimate above
    /// <c>jit_above_cost</c>, and compiling then takes 100 ms or more for a query that runs in under one (measured
    /// on the run log's dashboard at a million items). A <c>jit</c> setting of the operator's own is kept.
    /// </summary>
    public static string WithSessionDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = builder.Options ?? string.Empty;
        if (!options.Contains("jit=", StringComparison.OrdinalIgnoreCase))
        {
            builder.Options = (options + " -c jit=off").Trim();
        }

        return builder.ConnectionString;
    }

    /// <summary>"host:port/database" for messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
