using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Webhooks;
using Portal.Features.Webhooks;

namespace Portal.Features.Engine.Robots;

/// <summary>
/// Send a webhook: POSTs a JSON body (a template whose filled-in values are escaped as JSON) to an address for each
/// record, with optional headers ("Name: value", one per line). The address's host must be on the administrators'
/// list (Settings → Webhooks) and may not reach a private network unless listed for one; redirects are not followed.
/// A 2xx answer is done, with its status and the start of its body in the step's output; a 4xx or 3xx is final; a 5xx,
/// a 429 or no answer is tried again after a growing pause, a bounded number of times. Each request carries an
/// <c>Idempotency-Key</c> (run, item, step) so a receiver can recognise a request repeated after a crash.
/// </summary>
[Robot("http.webhook", RobotGroup.Other)]
public sealed class WebhookRobot(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock) : IRobot
{
    [RobotInput(InputType.Url, 1, Required = true, MaxLength = 2000)]
    public const string Url = nameof(Url);

    [RobotInput(InputType.Json, 2, Required = true, MaxLength = 20_000)]
    public const string Body = nameof(Body);

    /// <summary>Secret: a header usually carries the receiver's key, so the run log shows it masked.</summary>
    [RobotInput(InputType.MultiLine, 3, MaxLength = 4000, Secret = true)]
    public const string Headers = nameof(Headers);

    /// <summary>How much of the receiver's answer the step keeps.</summary>
    public const int ExcerptLength = 500;

    private const int Parallelism = 8;

    private static readonly string[] ReservedHeaders = ["Host", "Content-Length", "Transfer-Encoding", "Connection", "Idempotency-Key"];

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var allowed = await WebhookHosts.AllowedAsync(batch.Db, cancellationToken);
        var http = clients.CreateClient(WebhooksSetup.ClientName);
        await Parallel.ForEachAsync(
            batch.Work,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (work, token) => await SendAsync(http, batch, work, allowed, token));
    }

    private async Task SendAsync(HttpClient http, RobotBatch batch, RobotWork work, IReadOnlyDictionary<string, bool> allowed, CancellationToken cancellationToken)
    {
        // The address and the body are checked against their types before the robot runs (InputRules).
        var address = new Uri(work.Input(Url)!);
        var host = WebhookHost.Normalise(address.IdnHost) ?? address.IdnHost;
        if (!allowed.TryGetValue(host, out var allowPrivate))
        {
            work.Fail(ErrorCodes.WebhookHostNotAllowed, host);
            return;
        }

        if (ParseHeaders(work.Input(Headers)) is not { } headers)
        {
            work.Fail(ErrorCodes.ParameterInvalid, Headers);
            return;
        }

        var settings = options.Value;
        var key = string.Create(CultureInfo.InvariantCulture, $"portal-run-{batch.Run?.Id}-item-{work.Item?.Id}-step-{batch.StepIndex}");
        for (var attempt = 1; ; attempt++)
        {
            var (status, detail, refused) = await PostAsync(http, address, work.Input(Body)!, headers, key, allowPrivate, cancellationToken);
            var retry = status is null or >= 500 or 429;
            if (status is >= 200 and < 300)
            {
                work.Done(detail);
                return;
            }

            if (refused)
            {
                work.Fail(ErrorCodes.WebhookHostNotAllowed, detail);
                return;
            }

            if (!retry)
            {
                work.Fail(ErrorCodes.WebhookRejected, detail);
                return;
            }

            if (attempt >= settings.MaxAttempts)
            {
                work.Fail(ErrorCodes.WebhookUnavailable, string.Create(CultureInfo.InvariantCulture, $"{detail} (attempts: {attempt})"));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(settings.RetryDelayMilliseconds * Math.Pow(2, attempt - 1)), clock, cancellationToken);
        }
    }

    /// <summary>One request: its status and "HTTP 200: {start of the body}"; no status when there was no answer, and refused when the private-network guard stopped it.</summary>
    private static async Task<(int? Status, string Detail, bool Refused)> PostAsync(
        HttpClient http, Uri address, string body, IReadOnlyList<(string Name, string Value)> headers, string key, bool allowPrivate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Options.Set(WebhooksSetup.AllowPrivateNetwork, allowPrivate);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var excerpt = await ExcerptAsync(response, cancellationToken);
            var location = response.Headers.Location is { } moved ? $" → {moved}" : string.Empty;
            return (status, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{location}{(excerpt.Length > 0 ? ": " : string.Empty)}{excerpt}"), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"no answer within {http.Timeout.TotalSeconds:0} s"), false);
        }
        catch (HttpRequestException error) when (Refused(error) is { } refused)
        {
            return (null, refused.Message, true);
        }
        catch (HttpRequestException error)
        {
            return (null, $"no answer: {error.Message}", false);
        }
    }

    private static PrivateNetworkRefusedException? Refused(Exception error) =>
        error as PrivateNetworkRefusedException ?? (error.InnerException is { } inner ? Refused(inner) : null);

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[ExcerptLength];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read).Trim();
    }

    /// <summary>"Name: value" lines (blank lines skipped); null when a line is not one, or names a header the request sets itself.</summary>
    public static IReadOnlyList<(string Name, string Value)>? ParseHeaders(string? text)
    {
        var headers = new List<(string, string)>();
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                || ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            headers.Add((name, line[(colon + 1)..].Trim()));
        }

        return headers;
    }
}
