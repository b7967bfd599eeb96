using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download cannot work here), against
/// the real Portal listening on 127.0.0.1 with a database of its own.
/// </summary>
public class BrowserFixture : IAsyncLifetime, IAsyncDisposable
{
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    static BrowserFixture()
    {
        // Playwright's assertions wait 5 s by default; on two loaded cores a background step (a process, a run)
        // can take longer than that to show. They wait as long as actions do: still a condition, never a sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PortalAppFactory App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Further configuration of the app under test (a fixture of its own for a limit the shared app does not have).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateMigratedAsync(GetType().Name);
        App = new PortalAppFactory(ConnectionString, settings: Settings);
        BaseAddress = App.StartKestrel();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await TestDatabases.DropAsync(ConnectionString);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
