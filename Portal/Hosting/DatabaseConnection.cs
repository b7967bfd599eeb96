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

        return value;
    }

    /// <summary>"host:port/database" for messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
