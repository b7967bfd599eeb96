using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Scenarios;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Messaging;

/// <summary>
/// The real Portal (web and worker in one process) with a fake WhatsApp Cloud API on 127.0.0.1, and short retry
/// delays so that retries happen within a test.
/// </summary>
public class CloudApiApp : MigratedDatabase, IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> FastRetries = new Dictionary<string, string>
    {
        ["Portal:WhatsApp:FirstRetryDelayMilliseconds"] = "200",
        ["Portal:WhatsApp:RecipientRetryDelayMilliseconds"] = "200",
        ["Portal:WhatsApp:MaxRetryDelaySeconds"] = "2",
        ["Portal:WhatsApp:RequestTimeoutSeconds"] = "2",
        ["Portal:WhatsApp:MaxAttempts"] = "3",
        ["Portal:Runs:ChunkSize"] = "50",
    };

    private PortalAppFactory? _factory;
    private FakeCloudApi? _api;

    /// <summary>The app's settings: <see cref="FastRetries"/> unless a fixture needs others.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => FastRetries;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("Not initialised.")).Services;

    public FakeCloudApi Api => _api ?? throw new InvalidOperationException("Not initialised.");

    public RunTestKit Kit => new(Services);

    /// <summary>An HTTP client of the app (its test server), for the webhook.</summary>
    public HttpClient CreateClient() => (_factory ?? throw new InvalidOperationException("Not initialised.")).CreateClient();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _api = await FakeCloudApi.StartAsync();
        _factory = new PortalAppFactory(ConnectionString, settings: Settings);
        _ = _factory.Services;
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A Cloud API line on the fake server (or <paramref name="baseUrl"/>), with the fake's token.</summary>
    public Task<WhatsAppLine> LineAsync(int ratePerSecond = 80, string? baseUrl = null, string? token = null) =>
        FakeLines.AddAsync(Services, Api, ratePerSecond: ratePerSecond, baseUrl: baseUrl, token: token);

    /// <summary>Deals whose contacts have one mobile each: +7 999 {prefix}{i:0000}.</summary>
    public async Task<List<Deal>> DealsWithPhonesAsync(PortalUser manager, int count, string prefix = "555")
    {
        var kit = Kit;
        var deals = new List<Deal>();
        for (var i = 0; i < count; i++)
        {
            var contact = await kit.Data.ContactAsync("Client", $"C{i}", manager, new PhoneNumber($"+7 999 {prefix}{i:0000}", PhoneType.Mobile));
            deals.Add(await kit.Data.DealAsync($"Deal {prefix}-{i}", manager, contact: contact));
        }

        return deals;
    }

    /// <summary>The seed's example scenario on a line: the message asked at launch.</summary>
    public Task<Scenario> SendScenarioAsync(WhatsAppLine line) => Kit.ScenarioAsync(RunTestKit.SendMessage(line.Id));
}
