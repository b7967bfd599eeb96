using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The real Portal (its Program, its start-up, its database initialisation) on a database of the
/// test's own. With <see cref="StartKestrel"/> it listens on 127.0.0.1 for a real browser.
/// </summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly ProcessRole _role;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Further configuration ("Portal:Runs:ChunkSize" = "50"), as host settings.</param>
    public PortalAppFactory(
        string connectionString,
        ProcessRole role = ProcessRole.All,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        _connectionString = connectionString;
        _role = role;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string ConnectionString => _connectionString;

    /// <summary>Starts Kestrel on a free port of 127.0.0.1 and returns the base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Host settings (not ConfigureAppConfiguration): Program reads them before it builds the app.
        builder.UseSetting(DatabaseConnection.EnvironmentVariable, _connectionString);
        builder.UseSetting("Portal:Role", _role.ToString());
        builder.UseSetting("Portal:SeedDemoUsers", "true");
        builder.UseSetting("Portal:DatabaseStartupTimeoutSeconds", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every test signs in from 127.0.0.1 and the browser tests share one app: the production limits would refuse
        // them. The tests of the limits set their own.
        builder.UseSetting("Portal:SignIn:PermitsPerAddress", "1000000");
        builder.UseSetting("Portal:SignIn:PermitsPerAccount", "1000000");
        builder.UseSetting(TestKeyEncryption.Setting, TestKeyEncryption.PfxBase64);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // A query that takes "the first n" of rows in no order is a failure in the tests, not a warning in a log
        // nobody reads here: which rows it reads is up to the database's plan.
        builder.ConfigureServices(services => services.ConfigureDbContext<PortalDbContext>(db =>
            db.ConfigureWarnings(warnings => warnings.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning))));
    }
}
