using System.Security.Cryptography;

namespace Portal.Hosting;

/// <summary>
/// The security headers of every answer. The Content-Security-Policy allows scripts from the portal itself only, plus
/// the one inline script Blazor writes (the import map), by a nonce fresh for each answer; inline styles stay allowed
/// because MudBlazor writes its theme and its positions as inline styles. <c>'self'</c> covers the circuit's
/// WebSocket on the same host and port.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private static readonly object NonceKey = new();

    /// <summary>The nonce of this answer's Content-Security-Policy, for the inline script that needs it.</summary>
    public static string Nonce(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items[NonceKey] as string ?? throw new InvalidOperationException("The security headers did not run for this request.");
    }

    public Task InvokeAsync(HttpContext http)
    {
        // Hex, not base64: nothing in it for the HTML encoder to escape.
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var headers = http.Response.Headers;

        // The API reference (Scalar) starts itself with an inline module script it writes without a nonce: that page, which
        // shows only the public OpenAPI document and talks only to this host, may run inline scripts.
        var scripts = http.Request.Path.StartsWithSegments(Features.Api.ApiSetup.ReferencePath) ? "'unsafe-inline'" : $"'nonce-{nonce}'";
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return next(http);
    }
}
