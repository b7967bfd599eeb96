using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Portal.Domain.Messaging;

namespace Portal.Connectors.WhatsApp;

/// <summary>Where to send and as whom: a Cloud API line with its token in plain form, for the length of one dispatch.</summary>
public sealed record CloudApiTarget(string BaseUrl, string ApiVersion, string PhoneNumberId, string AccessToken)
{
    public Uri MessagesUri => new($"{BaseUrl}/{Uri.EscapeDataString(ApiVersion)}/{Uri.EscapeDataString(PhoneNumberId)}/messages");
}

/// <summary>
/// The WhatsApp Cloud API's send-message call: <c>POST /{version}/{phone-number-id}/messages</c> with a Bearer token,
/// a text, a template or a file by link (the message's kind is the body's <c>type</c>, its payload the object under it).
/// Every outcome becomes a <see cref="ProviderReply"/>: accepted with the message id, refused with the provider's
/// numeric code and message, or no answer (timeout, refused or dropped connection). It never throws for the
/// provider's sake; only the caller's cancellation ends it early.
/// </summary>
public sealed class CloudApiClient(HttpClient http)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task<ProviderReply> SendAsync(CloudApiTarget target, string to, MessageContent content, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(content);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.MessagesUri)
        {
            Content = JsonContent.Create(Body(to, content)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.AccessToken);
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                return Redirected(response);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Read((int)response.StatusCode, body, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderReply.NoAnswer(string.Create(CultureInfo.InvariantCulture, $"no answer within {http.Timeout.TotalSeconds:0} s"));
        }
        catch (HttpRequestException error)
        {
            return ProviderReply.NoAnswer(error.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "could not connect to the provider",
                HttpRequestError.NameResolutionError => "the provider's host name does not resolve",
                HttpRequestError.ResponseEnded => "the provider closed the connection without answering",
                _ when error.InnerException is IOException => "the provider closed the connection without answering",
                HttpRequestError.SecureConnectionError => "the secure connection to the provider failed",
                _ => $"no answer: {error.Message}",
            });
        }
    }

    /// <summary>Reads an answer of the Cloud API: <c>{"messages":[{"id":…}]}</c> or <c>{"error":{"code":…,"message":…}}</c>.</summary>
    public static ProviderReply Read(int status, string body, TimeSpan? retryAfter)
    {
        SendAnswer? answer = null;
        try
        {
            answer = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<SendAnswer>(body);
        }
        catch (JsonException)
        {
        }

        if (status is >= 200 and < 300)
        {
            var id = answer?.Messages?.FirstOrDefault()?.Id;
            return id is null
                ? new ProviderReply(status, ErrorMessage: "the provider's answer has no message id", Transport: null)
                : ProviderReply.Accepted(id);
        }

        var error = answer?.Error;
        var message = error?.Message;
        if (error?.ErrorData?.Details is { Length: > 0 } details && details != message)
        {
            message = string.IsNullOrEmpty(message) ? details : $"{message} ({details})";
        }

        message ??= string.IsNullOrWhiteSpace(body) ? null : body.Length > 300 ? body[..300] : body;
        return new ProviderReply(status, ErrorCode: error?.Code, ErrorMessage: message, RetryAfter: retryAfter);
    }

    /// <summary>A redirect is never followed (the client does not, so the token goes nowhere else): a refusal saying where it pointed.</summary>
    private static ProviderReply Redirected(HttpResponseMessage response)
    {
        var to = response.Headers.Location is { } location ? $" to {location}" : string.Empty;
        return new ProviderReply(
            (int)response.StatusCode,
            ErrorMessage: $"the provider answered with a redirect{to}; redirects are not followed, so that the token goes nowhere else: check the line's base URL");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    /// <summary>
    /// <c>{"messaging_product":"whatsapp","recipient_type":"individual","to":…,"type":"text","text":{"body":…}}</c>, and for
    /// the other kinds <c>"type":"template","template":{…}</c> (likewise document, image) with the message's payload.
    /// </summary>
    private static JsonObject Body(string to, MessageContent content)
    {
        var type = content.Kind.ToString().ToLowerInvariant();
        return new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to.TrimStart('+'),
            ["type"] = type,
            [type] = content.Kind == MessageKind.Text
                ? JsonSerializer.SerializeToNode(new TextBody(content.Text))
                : JsonNode.Parse(content.Payload ?? throw new InvalidOperationException($"A {type} message has no payload.")),
        };
    }

    private sealed record TextBody(
        [property: JsonPropertyName("body")] string Body,
        [property: JsonPropertyName("preview_url")] bool PreviewUrl = false);

    private sealed record SendAnswer(
        [property: JsonPropertyName("messages")] List<SentMessage>? Messages,
        [property: JsonPropertyName("error")] ErrorBody? Error);

    private sealed record SentMessage([property: JsonPropertyName("id")] string? Id);

    private sealed record ErrorBody(
        [property: JsonPropertyName("message")] string? Message,
        [property: JsonPropertyName("code")] int? Code,
        [property: JsonPropertyName("error_data")] ErrorData? ErrorData);

    private sealed record ErrorData([property: JsonPropertyName("details")] string? Details);
}
