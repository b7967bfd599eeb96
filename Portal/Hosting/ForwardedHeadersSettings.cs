using System.Net;

namespace Portal.Hosting;

/// <summary>
/// The "Portal:ForwardedHeaders" section: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. With none configured the headers are ignored, so a client cannot pose as
/// another address (and escape the sign-in limits) or as https.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, such as <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, such as <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Trusts => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static IPAddress ParseProxy(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"Portal:ForwardedHeaders:KnownProxies: \"{value}\" is not an IP address.");

    public static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"Portal:ForwardedHeaders:KnownNetworks: \"{value}\" is not a network in CIDR notation (10.0.0.0/24).");
}
