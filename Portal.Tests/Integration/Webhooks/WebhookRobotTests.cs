using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Webhooks;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Webhooks;

/// <summary>The portal with short webhook retries, and a webhook receiver on 127.0.0.1.</summary>
public sealed class WebhookApp : MigratedDatabase, IAsyncDisposable
{
    private PortalAppFactory? _factory;

    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("Not initialised.")).Services;

    public FakeWebhookReceiver Receiver { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await FakeWebhookReceiver.StartAsync();
        _factory = new PortalAppFactory(ConnectionString, settings: new Dictionary<string, string>
        {
            ["Portal:Webhooks:RetryDelayMilliseconds"] = "50",
            ["Portal:Webhooks:TimeoutSeconds"] = "5",
            ["Portal:Webhooks:MaxAttempts"] = "3",
        });
        _ = _factory.Services;
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}

/// <summary>The webhook robot in real runs, against a real receiver: what it sends, what it keeps, when it tries again.</summary>
public sealed class WebhookRobotTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    [Fact]
    public async Task EachRecord_IsPosted_AsJsonWithItsValuesEscaped_AndTheStepKeepsTheAnswer_WithTheHeadersMasked()
    {
        var (manager, deals) = await DealsAsync("Say \"hi\"\nto Oleg", "Plain");
        var run = await RunAsync(manager, deals, "ok", """{"title": "{{Deal.Title}}", "id": {{Deal.Id}}}""", "X-Token: s3cret\nX-Source: portal");

        Assert.Equal(RunStatus.Completed, run.Status);
        var received = Of(run);
        Assert.Equal(2, received.Count);
        var bodies = received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["Plain", "Say \"hi\"\nto Oleg"], bodies.Select(b => b.GetProperty("title").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(deals.Select(d => d.Id).Order(), bodies.Select(b => b.GetProperty("id").GetInt64()).Order());
        Assert.All(received, r => Assert.Equal(("s3cret", "portal"), (r.Headers["X-Token"], r.Headers["X-Source"])));
        Assert.All(received, r => Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal));
        Assert.Equal(2, received.Select(r => r.Headers["Idempotency-Key"]).Distinct().Count());

        var steps = await _kit.StepsAsync(run.Id);
        Assert.All(steps, s => Assert.StartsWith("HTTP 200: received", s.Output, StringComparison.Ordinal));
        Assert.All(steps, s => Assert.Equal(RunStep.Mask, s.Inputs["Headers"]));
    }

    [Fact]
    public async Task A4xx_IsFinal_AfterOneRequest()
    {
        var (manager, deals) = await DealsAsync("Missing hook");

        var run = await RunAsync(manager, deals, "missing");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.WebhookRejected, "HTTP 404: no such hook"), (item.Status, item.ErrorCode, item.ErrorDetail));
        Assert.Single(Of(run));
    }

    [Fact]
    public async Task A5xx_IsTriedAgain_UntilTheReceiverAnswers()
    {
        var (manager, deals) = await DealsAsync("Flaky hook");

        var run = await RunAsync(manager, deals, "flaky");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal(ItemStatus.Completed, item.Status);
        Assert.Equal(3, Of(run).Count);
        Assert.Single(Of(run).Select(r => r.Headers["Idempotency-Key"]).Distinct());
    }

    [Fact]
    public async Task AReceiverThatKeepsFailing_IsTriedABoundedNumberOfTimes()
    {
        var (manager, deals) = await DealsAsync("Down hook");

        var run = await RunAsync(manager, deals, "down");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.WebhookUnavailable), (item.Status, item.ErrorCode));
        Assert.Equal("HTTP 503: busy (attempts: 3)", item.ErrorDetail);
        Assert.Equal(3, Of(run).Count);
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed()
    {
        var (manager, deals) = await DealsAsync("Moved hook");

        var run = await RunAsync(manager, deals, "moved");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.WebhookRejected, "HTTP 301 → /ok"), (item.Status, item.ErrorCode, item.ErrorDetail));
        Assert.Equal(["/moved"], Of(run).Select(r => r.Path));
    }

    [Fact]
    public async Task AHostNotOnTheList_IsRefused_WithoutARequest()
    {
        var (manager, deals) = await DealsAsync("Unlisted host");

        var run = await RunAsync(manager, deals, "ok", host: "127.0.0.3");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.WebhookHostNotAllowed, "127.0.0.3"), (item.Status, item.ErrorCode, item.ErrorDetail));
        Assert.Empty(Of(run));
    }

    [Fact]
    public async Task AListedHostThatLeadsToAPrivateNetwork_IsRefused_UnlessListedForOne()
    {
        var (manager, deals) = await DealsAsync("Loopback by name");

        var run = await RunAsync(manager, deals, "ok", host: "localhost");

        var item = Assert.Single(await _kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.WebhookHostNotAllowed), (item.Status, item.ErrorCode));
        Assert.Contains("private or loopback", item.ErrorDetail, StringComparison.Ordinal);
        Assert.Empty(Of(run));
    }

    /// <summary>The receiver's requests of one run (their idempotency keys name it).</summary>
    private List<ReceivedWebhook> Of(ScenarioRun run) =>
        app.Receiver.Received.Where(r => r.Headers.TryGetValue("Idempotency-Key", out var key) && key.StartsWith($"portal-run-{run.Id}-", StringComparison.Ordinal)).ToList();

    private async Task<(PortalUser Manager, List<Deal> Deals)> DealsAsync(params string[] titles)
    {
        var manager = await _kit.ManagerAsync();
        var deals = new List<Deal>();
        foreach (var title in titles)
        {
            deals.Add(await _kit.Data.DealAsync(title, manager));
        }

        return (manager, deals);
    }

    private async Task<ScenarioRun> RunAsync(
        PortalUser manager, List<Deal> deals, string path, string body = """{"id": {{Deal.Id}}}""", string? headers = null, string host = "127.0.0.1")
    {
        await AllowAsync();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{app.Receiver.BaseAddress.Port}/{path}");
        var scenario = await _kit.ScenarioAsync(new ScenarioStep("http.webhook",
        [
            new("Url", ValueSource.Fixed, url),
            new("Body", ValueSource.Fixed, body),
            new("Headers", ValueSource.Fixed, headers),
        ]));
        var launch = await _kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        Assert.True(launch.Launched, launch.ErrorCode);
        return await _kit.FinishedAsync(launch.RunId!.Value);
    }

    /// <summary>127.0.0.1 for a private network (the receiver is there), localhost listed without one.</summary>
    private async Task AllowAsync()
    {
        var admin = await _kit.ManagerAsync(portalRole: PortalRoles.Administrator);
        await using var scope = app.Services.CreateAsyncScope();
        var hosts = scope.ServiceProvider.GetRequiredService<WebhookHosts>();
        await hosts.AllowAsync(admin.Id, "127.0.0.1", allowPrivateNetwork: true);
        await hosts.AllowAsync(admin.Id, "localhost", allowPrivateNetwork: false);
    }
}
