using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Tests.Infrastructure;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedWebhook(string Path, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A webhook receiver on 127.0.0.1 standing in for a customer's endpoint. It records every request and answers by
/// path: <c>/ok</c> 200 "received {n}", <c>/missing</c> 404, <c>/moved</c> 301 to /ok, <c>/down</c> always 503,
/// <c>/flaky</c> 503 on its first two requests and 200 after.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;
    private int _flaky;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public IReadOnlyList<ReceivedWebhook> To(string path) => _received.Where(r => r.Path == path).ToList();

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var receiver = new FakeWebhookReceiver();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver._app = app;
        var address = app.Urls.Single();
        receiver.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        _received.Enqueue(new ReceivedWebhook(path, body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        switch (path)
        {
            case "/ok":
                await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"received {_received.Count(r => r.Path == "/ok")}"));
                break;
            case "/missing":
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("no such hook");
                break;
            case "/moved":
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/ok";
                break;
            case "/flaky" when Interlocked.Increment(ref _flaky) > 2:
                await context.Response.WriteAsync("ok at last");
                break;
            default:
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("busy");
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
