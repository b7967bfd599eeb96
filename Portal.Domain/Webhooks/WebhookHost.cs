using System.Globalization;

namespace Portal.Domain.Webhooks;

/// <summary>
/// A host administrators allow webhooks to be sent to (<c>hooks.example.com</c>): a webhook robot's address must name
/// one of them, exactly. A host that resolves to a loopback or private address is refused even when listed, unless
/// <see cref="AllowPrivateNetwork"/> says the administrator meant it (an internal service).
/// </summary>
public sealed class WebhookHost
{
    public const int HostMaxLength = 253;

    private WebhookHost()
    {
    }

    public int Id { get; private set; }

    /// <summary>Lower case, without a port or a trailing dot.</summary>
    public string Host { get; private set; } = string.Empty;

    public bool AllowPrivateNetwork { get; private set; }

    public string AddedById { get; private set; } = string.Empty;

    public DateTimeOffset AddedAt { get; private set; }

    public static WebhookHost Allow(string host, bool allowPrivateNetwork, string userId, DateTimeOffset now) => new()
    {
        Host = Normalise(host) ?? throw new ArgumentException($"\"{host}\" is not a host name.", nameof(host)),
        AllowPrivateNetwork = allowPrivateNetwork,
        AddedById = userId,
        AddedAt = now,
    };

    /// <summary>The host as it is stored and compared (<c>Hooks.Example.COM.</c> → <c>hooks.example.com</c>), or null when it is not a host name or an IP address.</summary>
    public static string? Normalise(string? host)
    {
        var value = host?.Trim().TrimEnd('.').ToLower(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(value) || value.Length > HostMaxLength)
        {
            return null;
        }

        return Uri.CheckHostName(value) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6 ? value : null;
    }
}
