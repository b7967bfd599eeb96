using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Messaging;

namespace Portal.Connectors.WhatsApp;

/// <summary>
/// The delivery-status webhook of a Cloud API line, at <c>/api/whatsapp/webhook/{lineId}</c>. GET answers the
/// provider's verification (<c>hub.verify_token</c> must be the line's verify token); POST takes status callbacks
/// (sent, delivered, read, failed with a code), signed with the line's app secret in <c>X-Hub-Signature-256</c>,
/// and moves each known message's status forward. Unsigned, wrongly signed or unknown-line calls change nothing; a body
/// over 1 MB is refused (413) and never buffered whole.
/// </summary>
public static partial class WebhookEndpoints
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const int MaxBodyBytes = 1024 * 1024;

    public static string PathFor(int lineId) => string.Create(CultureInfo.InvariantCulture, $"/api/whatsapp/webhook/{lineId}");

    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/whatsapp/webhook").AllowAnonymous();
        group.MapGet("/{lineId:int}", VerifyAsync);
        group.MapPost("/{lineId:int}", ReceiveAsync);
        return endpoints;
    }

    private static async Task<IResult> VerifyAsync(int lineId, HttpRequest request, IDbContextFactory<PortalDbContext> contextFactory, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var expected = await db.WhatsAppLines.AsNoTracking().Where(l => l.Id == lineId).Select(l => l.WebhookVerifyToken).SingleOrDefaultAsync(cancellationToken);
        var mode = request.Query["hub.mode"].ToString();
        var token = request.Query["hub.verify_token"].ToString();
        var challenge = request.Query["hub.challenge"].ToString();
        return mode == "subscribe" && !string.IsNullOrEmpty(expected) && FixedTimeEquals(expected, token)
            ? Results.Text(challenge, "text/plain")
            : Results.Text("verification refused", "text/plain", statusCode: StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> ReceiveAsync(
        int lineId,
        HttpRequest request,
        IDbContextFactory<PortalDbContext> contextFactory,
        LineSecrets secrets,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        // The line and its secret first: a call that cannot be accepted costs one indexed read, never a buffered body.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.WhatsAppLines.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId, cancellationToken);
        if (line is null)
        {
            return Refused(logger, lineId, StatusCodes.Status404NotFound, "unknown line");
        }

        var secret = secrets.TryUnprotect(line.ProtectedAppSecret);
        if (secret is null)
        {
            return Refused(logger, lineId, StatusCodes.Status401Unauthorized, "signature refused");
        }

        if (await ReadCappedAsync(request, cancellationToken) is not { } body)
        {
            return Results.Text("too large", "text/plain", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!SignatureMatches(secret, body, request.Headers[SignatureHeader].ToString()))
        {
            return Refused(logger, lineId, StatusCodes.Status401Unauthorized, "signature refused");
        }

        List<StatusCallback> statuses;
        try
        {
            statuses = Statuses(JsonSerializer.Deserialize<Callback>(body));
        }
        catch (JsonException)
        {
            return Results.Text("not a status callback", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var ids = statuses.Select(s => s.Id).Where(id => !string.IsNullOrEmpty(id)).Distinct().ToList();
        var messages = await db.WhatsAppMessages
            .Where(m => m.LineId == lineId && m.ProviderMessageId != null && ids.Contains(m.ProviderMessageId))
            .ToDictionaryAsync(m => m.ProviderMessageId!, cancellationToken);
        var changed = 0;
        foreach (var status in statuses.OrderBy(s => s.Timestamp))
        {
            if (status.Id is null || !messages.TryGetValue(status.Id, out var message) || Parse(status.Status) is not { } next)
            {
                continue;
            }

            var at = long.TryParse(status.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : DateTimeOffset.UtcNow;
            var error = status.Errors?.FirstOrDefault();
            if (message.ApplyStatus(next, at, error?.Code, error?.Title ?? error?.Message))
            {
                changed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Results.Json(new { received = statuses.Count, updated = changed });
    }

    private static IResult Refused(ILogger logger, int lineId, int status, string text)
    {
        LogRefused(logger, lineId);
        return Results.Text(text, "text/plain", statusCode: status);
    }

    /// <summary>
    /// The body, or null when it is longer than <see cref="MaxBodyBytes"/>: a declared length over it is refused before
    /// a byte is read, a chunked body as soon as it passes it.
    /// </summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static MessageStatus? Parse(string? status) => status switch
    {
        "sent" => MessageStatus.Sent,
        "delivered" => MessageStatus.Delivered,
        "read" => MessageStatus.Read,
        "failed" => MessageStatus.Failed,
        _ => null,
    };

    private static List<StatusCallback> Statuses(Callback? callback) =>
        callback?.Entry?.SelectMany(e => e.Changes ?? []).SelectMany(c => c.Value?.Statuses ?? []).ToList() ?? [];

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body with the app secret.</summary>
    public static string Sign(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    private static bool SignatureMatches(string secret, byte[] body, string header) =>
        !string.IsNullOrEmpty(header) && FixedTimeEquals(Sign(secret, body), header.Trim());

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WhatsApp status callback for line {LineId} was refused: unknown line, no app secret or a wrong signature")]
    private static partial void LogRefused(ILogger logger, int lineId);

    private sealed record Callback([property: JsonPropertyName("entry")] List<Entry>? Entry);

    private sealed record Entry([property: JsonPropertyName("changes")] List<Change>? Changes);

    private sealed record Change([property: JsonPropertyName("value")] ChangeValue? Value);

    private sealed record ChangeValue([property: JsonPropertyName("statuses")] List<StatusCallback>? Statuses);

    private sealed record StatusCallback(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("timestamp")] string? Timestamp,
        [property: JsonPropertyName("errors")] List<StatusError>? Errors);

    private sealed record StatusError(
        [property: JsonPropertyName("code")] int? Code,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("message")] string? Message);
}
