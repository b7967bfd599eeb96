using Npgsql;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

public class SessionDefaultsTests
{
    [Fact]
    public async Task PortalSessions_RunWithoutJit()
    {
        var connectionString = DatabaseConnection.WithSessionDefaults(TestDatabases.ConnectionString("postgres"));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW jit", connection);

        Assert.Equal("off", await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Host=db;Database=portal", "-c jit=off")]
    [InlineData("Host=db;Database=portal;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c jit=off")]
    [InlineData("Host=db;Database=portal;Options=-c jit=on", "-c jit=on")]
    public void TheOperatorsOwnOptions_AreKept(string configured, string options)
    {
        var result = new NpgsqlConnectionStringBuilder(DatabaseConnection.WithSessionDefaults(configured));

        Assert.Equal((options, "db", "portal"), (result.Options, result.Host, result.Database));
    }
}
