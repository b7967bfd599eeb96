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

    [Fact]
    public async Task NoKeyEncryptionCertificate_InProduction_ExitsSayingWhatToSet()
    {
        var result = await StartWithCertificateAsync("");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no key-encryption key", result.Error, StringComparison.Ordinal);
        Assert.Contains("Portal__DataProtection__CertificatePath", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyEncryptionCertificateWithoutItsPassword_ExitsSayingItCannotBeRead()
    {
        var result = await StartWithCertificateAsync(Convert.ToBase64String(TestKeyEncryption.NewPfx("its-password")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the key-encryption certificate in Portal__DataProtection__Certificate cannot be read", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Portal in Production with the given certificate setting; it never gets as far as the (closed) database.</summary>
    private static Task<PortalProcess.Result> StartWithCertificateAsync(string certificate) => PortalProcess.RunAsync(
        new Dictionary<string, string>
        {
            ["PORTAL_DB"] = $"Host=127.0.0.1;Port={FreePort()};Username=portal;Password=secret-password;Database=portal",
            [TestKeyEncryption.EnvironmentVariable] = certificate,
        },
        "--urls",
        $"http://127.0.0.1:{FreePort()}");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
