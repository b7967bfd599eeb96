using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.Integration;

/// <summary>The real Portal process, started the way scripts/run.sh starts it.</summary>
public class StartupFailureTests
{
    [Fact]
    public async Task MissingDatabaseServer_ExitsWithAClearMessageAndNoStackTrace()
    {
        var closedPort = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Portal.dll"), "--urls", $"http://127.0.0.1:{FreePort()}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["PORTAL_DB"] = $"Host=127.0.0.1;Port={closedPort};Username=portal;Password=secret-password;Database=portal",
                ["Portal__DatabaseStartupTimeoutSeconds"] = "0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.Contains($"PostgreSQL at 127.0.0.1:{closedPort}/portal cannot be reached", message, StringComparison.Ordinal);
        Assert.Contains("PORTAL_DB", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", message + await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
