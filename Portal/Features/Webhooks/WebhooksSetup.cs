using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace Portal.Features.Webhooks;

/// <summary>The "Portal:Webhooks" section: how long a webhook may take and how often it is tried.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Portal:Webhooks";

    /// <summary>How long one request may take before it counts as no answer.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Tries of a request that met a 5xx, a 429 or no answer; a 4xx is never tried again.</summary>
    [Range(1, 5)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the second try; it doubles for each further one.</summary>
    [Range(0, 30_000)]
    public int RetryDelayMilliseconds { get; set; } = 500;
}

/// <summary>A webhook's address resolved to a loopback or private address its host was not listed for.</summary>
public sealed class PrivateNetworkRefusedException(string host) : IOException($"{host} resolves to a private or loopback address")
{
    public string Host { get; } = host;
}

public static class WebhooksSetup
{
    /// <summary>The named client webhooks are sent with: no redirects, and the private-network guard on every connection.</summary>
    public const string ClientName = "webhooks";

    /// <summary>Set on a request whose host an administrator listed for a private network.</summary>
    public static readonly HttpRequestOptionsKey<bool> AllowPrivateNetwork = new("portal.webhook.allow-private-network");

    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WebhookHosts>();
        services.AddHttpClient(ClientName, (sp, http) => http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                ConnectCallback = ConnectAsync,
            });
        return services;
    }

    /// <summary>
    /// Connects only to addresses the request may reach: the host's addresses that are public, or any of them when the
    /// host was listed for a private network. Checked here, on the addresses really connected to, so a name that
    /// resolves to a private address later (DNS rebinding) is refused too.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowPrivate = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateNetwork, out var allowed) && allowed;
        var usable = addresses.Where(a => allowPrivate || !WebhookHosts.IsPrivate(a)).ToArray();
        if (usable.Length == 0)
        {
            throw new PrivateNetworkRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
