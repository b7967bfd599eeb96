using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// Encrypts a line's access token and app secret with ASP.NET Core Data Protection. The keys live in PostgreSQL,
/// so every web and worker process reads what any of them wrote; the plain value is never stored or logged.
/// </summary>
public sealed class LineSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.WhatsApp.LineSecret.v1");

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        return _protector.Protect(secret.Trim());
    }

    /// <summary>The plain secret, or null when it cannot be read (the key ring lost, the value tampered with).</summary>
    public string? TryUnprotect(string? protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
