using System.Net;
using System.Net.Sockets;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>The real Portal process, started the way scripts/run.sh starts it.</summary>
public class StartupFailureTests
{
    [Fact]
    public async Task MissingDatabaseServer_ExitsWithAClearMessageAndNoStackTrace()
    {
        var closedPort = FreePort();

        var result = await PortalProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["PORTAL_DB"] = $"Host=127.0.0.1;Port={closedPort};Username=portal;Password=secret-password;Database=portal",
                ["Portal__DatabaseStartupTimeoutSeconds"] = "0",
            },
            "--urls",
            $"http://127.0.0.1:{FreePort()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"PostgreSQL at 127.0.0.1:{closedPort}/portal cannot be reached", result.Error, StringComparison.Ordinal);
        Assert.Contains("PORTAL_DB", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", result.Error + result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
