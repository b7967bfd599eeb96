using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portal.Tests.Infrastructure.FakeWhatsApp;

/// <summary>How the fake Cloud API is configured.</summary>
public sealed record FakeCloudApiOptions
{
    /// <summary>The only access token accepted in <c>Authorization: Bearer {token}</c>.</summary>
    public string Token { get; init; } = "test-token";

    public string PhoneNumberId { get; init; } = "1234567890";

    public string Version { get; init; } = "v21.0";

    /// <summary>
    /// When set, the server enforces it with a strict sliding window: at most floor(rate) admitted requests in any
    /// one second (below 1/s: one request per 1/rate seconds). A request over it gets 429 / 130429 with
    /// <c>Retry-After: 1</c>. Requests refused by the limiter do not count in the window.
    /// </summary>
    public double? RateLimitPerSecond { get; init; }
}

public enum FakeFaultKind
{
    Throttled,
    PairRateLimit,
    OutsideWindow,
    Undeliverable,
    InvalidParameter,
    ServerError,
    Slow,
    DropConnection,
    Redirect,
}

/// <summary>A fault the fake answers with instead of a success.</summary>
public sealed record FakeFault
{
    private FakeFault(FakeFaultKind kind) => Kind = kind;

    public FakeFaultKind Kind { get; }

    /// <summary><see cref="FakeFaultKind.Throttled"/>: the <c>Retry-After</c> header value, none when null.</summary>
    public int? RetryAfterSeconds { get; private init; }

    /// <summary><see cref="FakeFaultKind.ServerError"/>: the HTTP status.</summary>
    public int Status { get; private init; }

    /// <summary><see cref="FakeFaultKind.ServerError"/>: a plain-text body instead of the JSON error (code 2).</summary>
    public bool PlainBody { get; private init; }

    /// <summary><see cref="FakeFaultKind.Slow"/>: how long the answer waits.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary><see cref="FakeFaultKind.Redirect"/>: where the answer points.</summary>
    public Uri? Location { get; private init; }

    /// <summary>131056, HTTP 400.</summary>
    public static FakeFault PairRateLimit { get; } = new(FakeFaultKind.PairRateLimit);

    /// <summary>131047 (re-engagement: more than 24 hours since the customer replied), HTTP 400.</summary>
    public static FakeFault OutsideWindow { get; } = new(FakeFaultKind.OutsideWindow);

    /// <summary>131026, HTTP 400.</summary>
    public static FakeFault Undeliverable { get; } = new(FakeFaultKind.Undeliverable);

    /// <summary>100, HTTP 400.</summary>
    public static FakeFault InvalidParameter { get; } = new(FakeFaultKind.InvalidParameter);

    /// <summary>The connection is aborted without any response (<see cref="HttpContext.Abort"/>).</summary>
    public static FakeFault DropConnection { get; } = new(FakeFaultKind.DropConnection);

    /// <summary>130429, HTTP 429, with <c>Retry-After</c> when <paramref name="retryAfterSeconds"/> is set.</summary>
    public static FakeFault Throttled(int? retryAfterSeconds = null) =>
        new(FakeFaultKind.Throttled) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>HTTP <paramref name="status"/> with <c>{"error":{"message":"Service temporarily unavailable","code":2}}</c>, or a plain-text body.</summary>
    public static FakeFault ServerError(int status = 503, bool plainBody = false) =>
        new(FakeFaultKind.ServerError) { Status = status, PlainBody = plainBody };

    /// <summary>Waits <paramref name="delay"/>, then succeeds: the message counts as sent even if the client gave up.</summary>
    public static FakeFault Slow(TimeSpan delay) => new(FakeFaultKind.Slow) { Delay = delay };

    /// <summary>HTTP 307 (the same POST, body and all, elsewhere) to <paramref name="location"/>.</summary>
    public static FakeFault RedirectTo(Uri location) => new(FakeFaultKind.Redirect) { Location = location };
}

/// <summary>One request the fake received. <see cref="StatusReturned"/> is 0 when no response was sent.</summary>
public sealed record ReceivedRequest(
    DateTimeOffset At,
    string Path,
    string? Authorization,
    string? IdempotencyKey,
    string To,
    string Body,
    int StatusReturned,
    string? MessageIdReturned)
{
    /// <summary>The whole request body as it came (every kind of message: text, template, document, image).</summary>
    public string Json { get; init; } = "";
}

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking the WhatsApp Cloud API send-message shape
/// (<c>POST /{version}/{phoneNumberId}/messages</c>), with switchable faults, an optional enforced rate limit and a
/// record of every request. Fault precedence: the queue, then the recipient's fault, then the default fault.
/// </summary>
public sealed class FakeCloudApi : IAsyncDisposable
{
    private const string DisplayPhoneNumber = "15550001234";
    private const string WabaId = "102290129340398";

    private readonly Lock _gate = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Queue<FakeFault> _queuedFaults = new();
    private readonly Dictionary<string, FakeFault> _recipientFaults = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _admitted = new();
    private readonly string _expectedAuthorization;
    private FakeFault? _defaultFault;
    private double? _rateLimitPerSecond;
    private int _successCount;
    private int _throttledCount;
    private bool _disposed;
    private WebApplication? _app;
    private CancellationTokenSource? _appStopping;

    private FakeCloudApi(FakeCloudApiOptions options)
    {
        Options = options;
        _expectedAuthorization = "Bearer " + options.Token;
        _rateLimitPerSecond = options.RateLimitPerSecond;
    }

    public FakeCloudApiOptions Options { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>; stays the same across <see cref="StopAsync"/> / <see cref="RestartAsync"/>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary><c>{BaseAddress}{Version}/{PhoneNumberId}/messages</c>.</summary>
    public Uri MessagesUri => new(BaseAddress, $"{Options.Version}/{Options.PhoneNumberId}/messages");

    public int Port => BaseAddress.Port;

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _app is not null;
            }
        }
    }

    /// <summary>The enforced rate limit (see <see cref="FakeCloudApiOptions.RateLimitPerSecond"/>); settable while running.</summary>
    public double? RateLimitPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _rateLimitPerSecond;
            }
        }
        set
        {
            if (value is <= 0 or double.NaN)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The rate limit must be positive.");
            }

            lock (_gate)
            {
                _rateLimitPerSecond = value;
                _admitted.Clear();
            }
        }
    }

    /// <summary>The fault for every request that neither a queued nor a recipient fault answers; null for success.</summary>
    public FakeFault? DefaultFault
    {
        get
        {
            lock (_gate)
            {
                return _defaultFault;
            }
        }
        set
        {
            lock (_gate)
            {
                _defaultFault = value;
            }
        }
    }

    /// <summary>Every request received so far, in the order they were answered.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests answered 200 (including <see cref="FakeFault.Slow"/> ones whose client gave up).</summary>
    public int SuccessCount
    {
        get
        {
            lock (_gate)
            {
                return _successCount;
            }
        }
    }

    /// <summary>Requests answered 130429, by the enforced rate limit or by a <see cref="FakeFault.Throttled"/> fault.</summary>
    public int ThrottledCount
    {
        get
        {
            lock (_gate)
            {
                return _throttledCount;
            }
        }
    }

    /// <summary>The idempotency keys received, each once, in order of first appearance.</summary>
    public IReadOnlyList<string> DistinctIdempotencyKeys
    {
        get
        {
            lock (_gate)
            {
                return _requests.Select(r => r.IdempotencyKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            }
        }
    }

    public static async Task<FakeCloudApi> StartAsync(FakeCloudApiOptions? options = null)
    {
        // The server stamps each request when a thread picks it up: it must not wait behind the test's other work.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), completion);
        var api = new FakeCloudApi(options ?? new FakeCloudApiOptions());
        if (api.Options.RateLimitPerSecond is <= 0 or double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "RateLimitPerSecond must be positive.");
        }

        try
        {
            var port = await api.StartServerAsync(0);
            api.BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>A loopback port nothing listens on (at the moment of the call): "connection refused".</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Answers every following request with <paramref name="fault"/>, <paramref name="times"/> times, before anything else.</summary>
    public void EnqueueFault(FakeFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _queuedFaults.Enqueue(fault);
            }
        }
    }

    /// <summary>Answers every request to <paramref name="recipient"/> (compared by digits) with <paramref name="fault"/>; null removes it.</summary>
    public void SetRecipientFault(string recipient, FakeFault? fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        var digits = Digits(recipient);
        lock (_gate)
        {
            if (fault is null)
            {
                _recipientFaults.Remove(digits);
            }
            else
            {
                _recipientFaults[digits] = fault;
            }
        }
    }

    /// <summary>Clears the recorded requests, the counters, the rate-limit window and every fault.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _queuedFaults.Clear();
            _recipientFaults.Clear();
            _admitted.Clear();
            _defaultFault = null;
            _successCount = 0;
            _throttledCount = 0;
        }
    }

    /// <summary>The most successful (200) requests whose <see cref="ReceivedRequest.At"/> falls in any window of <paramref name="window"/>.</summary>
    public int MaxInAnyWindow(TimeSpan window)
    {
        List<DateTimeOffset> times;
        lock (_gate)
        {
            times = [.. _requests.Where(r => r.StatusReturned == StatusCodes.Status200OK).Select(r => r.At)];
        }

        return MaxInAnyWindow(times, window);
    }

    /// <summary>The most of <paramref name="times"/> within any half-open window [t, t + <paramref name="window"/>).</summary>
    public static int MaxInAnyWindow(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var sorted = times.Order().ToArray();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// <summary>Stops listening: connections are refused until <see cref="RestartAsync"/>. Recordings and faults are kept.</summary>
    public async Task StopAsync()
    {
        WebApplication? app;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            (app, stopping) = (_app, _appStopping);
            (_app, _appStopping) = (null, null);
        }

        if (app is not null && stopping is not null)
        {
            // Slow answers in flight end at once (connection aborted, recorded with status 0).
            await stopping.CancelAsync();
            await app.StopAsync();
            await app.DisposeAsync();
            stopping.Dispose();
        }
    }

    /// <summary>Listens again on the same port after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        if (!IsRunning)
        {
            await StartServerAsync(Port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await StopAsync();
    }

    /// <summary>The body of a delivery-status webhook (<c>statuses</c>) as Meta posts it; errors only for "failed".</summary>
    public static string StatusCallbackJson(
        string phoneNumberId,
        string messageId,
        string status,
        string recipient,
        DateTimeOffset at,
        int? errorCode = null,
        string? errorTitle = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(phoneNumberId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(status);
        ArgumentException.ThrowIfNullOrEmpty(recipient);

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "whatsapp_business_account");
            json.WriteStartArray("entry");
            json.WriteStartObject();
            json.WriteString("id", WabaId);
            json.WriteStartArray("changes");
            json.WriteStartObject();
            json.WriteStartObject("value");
            json.WriteString("messaging_product", "whatsapp");
            json.WriteStartObject("metadata");
            json.WriteString("display_phone_number", DisplayPhoneNumber);
            json.WriteString("phone_number_id", phoneNumberId);
            json.WriteEndObject();
            json.WriteStartArray("statuses");
            json.WriteStartObject();
            json.WriteString("id", messageId);
            json.WriteString("status", status);
            json.WriteString("timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            json.WriteString("recipient_id", Digits(recipient));
            if (status is "sent" or "delivered")
            {
                json.WriteStartObject("conversation");
                json.WriteString("id", "CONVERSATION_" + Digits(recipient));
                json.WriteStartObject("origin");
                json.WriteString("type", "service");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject("pricing");
                json.WriteBoolean("billable", true);
                json.WriteString("pricing_model", "PMP");
                json.WriteString("category", "service");
                json.WriteEndObject();
            }

            if (status == "failed")
            {
                var code = errorCode ?? 131026;
                var title = errorTitle ?? TitleOf(code);
                json.WriteStartArray("errors");
                json.WriteStartObject();
                json.WriteNumber("code", code);
                json.WriteString("title", title);
                json.WriteString("message", title);
                json.WriteStartObject("error_data");
                json.WriteString("details", title);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("field", "messages");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The <c>X-Hub-Signature-256</c> header value: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body.</summary>
    public static string Signature(string appSecret, string body)
    {
        ArgumentNullException.ThrowIfNull(appSecret);
        ArgumentNullException.ThrowIfNull(body);
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(body));
        return "sha256=" + Convert.ToHexStringLower(hash);
    }

    private static string TitleOf(int code) => code switch
    {
        130429 => "Rate limit hit",
        131026 => "Message undeliverable",
        131047 => "Re-engagement message",
        131056 => "(Business Account, Consumer Account) pair rate limit hit",
        131000 => "Something went wrong",
        _ => "Message failed to send",
    };

    private static string Digits(string value)
    {
        var digits = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    private async Task<int> StartServerAsync(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var stoppingToken = stopping.Token;
        app.Run(context => HandleAsync(context, stoppingToken));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }

        lock (_gate)
        {
            (_app, _appStopping) = (app, stopping);
        }

        var address = app.Urls.First();
        return new Uri(address).Port;
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var idempotencyKey = request.Headers["Idempotency-Key"].ToString();
        var received = new ReceivedRequest(
            DateTimeOffset.UtcNow,
            request.Path.Value ?? "/",
            authorization.Length == 0 ? null : authorization,
            idempotencyKey.Length == 0 ? null : idempotencyKey,
            To: "",
            Body: "",
            StatusReturned: 0,
            MessageIdReturned: null);
        var message = await ReadMessageAsync(request);
        received = received with { To = message.To, Body = message.Body, Json = message.Json };

        if (!string.Equals(authorization, _expectedAuthorization, StringComparison.Ordinal))
        {
            await ReplyErrorAsync(context, received, ErrorReply.InvalidToken);
            return;
        }

        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsPost(request.Method) || segments.Length != 3 || segments[2] != "messages")
        {
            await ReplyErrorAsync(context, received, ErrorReply.UnknownPath(received.Path));
            return;
        }

        if (segments[0] != Options.Version || segments[1] != Options.PhoneNumberId)
        {
            await ReplyErrorAsync(context, received, ErrorReply.UnknownObject(segments[1]));
            return;
        }

        bool admitted;
        FakeFault? fault = null;
        lock (_gate)
        {
            // The time is taken under the lock so that admissions are ordered like their timestamps.
            received = received with { At = DateTimeOffset.UtcNow };
            admitted = TryAdmit(received.At);
            if (admitted
                && message.Error is null
                && !_queuedFaults.TryDequeue(out fault)
                && !_recipientFaults.TryGetValue(Digits(message.To), out fault))
            {
                fault = _defaultFault;
            }
        }

        if (!admitted)
        {
            await ReplyErrorAsync(context, received, ErrorReply.Throttled(1));
            return;
        }

        if (message.Error is not null)
        {
            await ReplyErrorAsync(context, received, ErrorReply.InvalidParameter(message.Error));
            return;
        }

        switch (fault?.Kind)
        {
            case null:
                await ReplySuccessAsync(context, received);
                break;
            case FakeFaultKind.Throttled:
                await ReplyErrorAsync(context, received, ErrorReply.Throttled(fault.RetryAfterSeconds));
                break;
            case FakeFaultKind.PairRateLimit:
                await ReplyErrorAsync(context, received, ErrorReply.PairRateLimit);
                break;
            case FakeFaultKind.OutsideWindow:
                await ReplyErrorAsync(context, received, ErrorReply.OutsideWindow);
                break;
            case FakeFaultKind.Undeliverable:
                await ReplyErrorAsync(context, received, ErrorReply.Undeliverable);
                break;
            case FakeFaultKind.InvalidParameter:
                await ReplyErrorAsync(context, received, ErrorReply.InvalidParameter("Parameter value is not valid."));
                break;
            case FakeFaultKind.ServerError:
                await ReplyServerErrorAsync(context, received, fault);
                break;
            case FakeFaultKind.Slow:
                try
                {
                    await Task.Delay(fault.Delay, stopping);
                }
                catch (OperationCanceledException)
                {
                    Record(received);
                    context.Abort();
                    return;
                }

                await ReplySuccessAsync(context, received);
                break;
            case FakeFaultKind.DropConnection:
                Record(received);
                context.Abort();
                break;
            case FakeFaultKind.Redirect:
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = new Uri(fault.Location!, received.Path).ToString();
                Record(received with { StatusReturned = StatusCodes.Status307TemporaryRedirect });
                break;
            default:
                throw new InvalidOperationException($"Unknown fault {fault.Kind}.");
        }
    }

    /// <summary>Under <see cref="_gate"/>: whether the enforced rate limit lets a request at <paramref name="at"/> through.</summary>
    private bool TryAdmit(DateTimeOffset at)
    {
        if (_rateLimitPerSecond is not { } rate)
        {
            return true;
        }

        var (window, capacity) = rate >= 1
            ? (TimeSpan.FromSeconds(1), (int)Math.Floor(rate))
            : (TimeSpan.FromSeconds(1 / rate), 1);
        while (_admitted.TryPeek(out var oldest) && at - oldest >= window)
        {
            _admitted.Dequeue();
        }

        if (_admitted.Count >= capacity)
        {
            return false;
        }

        _admitted.Enqueue(at);
        return true;
    }

    private void Record(ReceivedRequest received)
    {
        lock (_gate)
        {
            _requests.Add(received);
            if (received.StatusReturned == StatusCodes.Status200OK)
            {
                _successCount++;
            }
        }
    }

    private async Task ReplySuccessAsync(HttpContext context, ReceivedRequest received)
    {
        var messageId = "wamid." + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Record(received with { StatusReturned = StatusCodes.Status200OK, MessageIdReturned = messageId });

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messaging_product", "whatsapp");
            json.WriteStartArray("contacts");
            json.WriteStartObject();
            json.WriteString("input", received.To);
            json.WriteString("wa_id", Digits(received.To));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("id", messageId);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        await WriteAsync(context, StatusCodes.Status200OK, "application/json", buffer.WrittenMemory);
    }

    private async Task ReplyErrorAsync(HttpContext context, ReceivedRequest received, ErrorReply error)
    {
        lock (_gate)
        {
            _requests.Add(received with { StatusReturned = error.Status });
            if (error.Code == ErrorReply.ThrottledCode)
            {
                _throttledCount++;
            }
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            json.WriteNumber("code", error.Code);
            if (error.Subcode is { } subcode)
            {
                json.WriteNumber("error_subcode", subcode);
            }

            if (error.Details is not null)
            {
                json.WriteStartObject("error_data");
                json.WriteString("messaging_product", "whatsapp");
                json.WriteString("details", error.Details);
                json.WriteEndObject();
            }

            json.WriteString("fbtrace_id", TraceId());
            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await WriteAsync(context, error.Status, "application/json", buffer.WrittenMemory);
    }

    private async Task ReplyServerErrorAsync(HttpContext context, ReceivedRequest received, FakeFault fault)
    {
        Record(received with { StatusReturned = fault.Status });
        if (fault.PlainBody)
        {
            var text = ReasonPhrases.GetReasonPhrase(fault.Status);
            await WriteAsync(context, fault.Status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text.Length == 0 ? "Error" : text));
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", "Service temporarily unavailable");
            json.WriteString("type", "OAuthException");
            json.WriteNumber("code", 2);
            json.WriteBoolean("is_transient", true);
            json.WriteString("fbtrace_id", TraceId());
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await WriteAsync(context, fault.Status, "application/json", buffer.WrittenMemory);
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away (after a timeout) or the server is stopping: the request is recorded already.
        }
    }

    private static string TraceId() => "A" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 22);

    private static async Task<(string To, string Body, string Json, string? Error)> ReadMessageAsync(HttpRequest request)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return ("", "", "", "The request body is not valid JSON.");
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return ("", "", "", "The request body could not be read.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("", "", root.GetRawText(), "The request body must be a JSON object.");
            }

            var to = StringProperty(root, "to") ?? "";
            var body = root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.Object
                ? StringProperty(text, "body") ?? ""
                : "";
            string? error = null;
            if (StringProperty(root, "messaging_product") != "whatsapp")
            {
                error = "The parameter messaging_product is required and must be 'whatsapp'.";
            }
            else if (Digits(to).Length == 0)
            {
                error = "The parameter to is required.";
            }
            else if (StringProperty(root, "type") is { } type && type != "text")
            {
                error = MediaOrTemplateError(root, type);
            }
            else if (body.Length == 0)
            {
                error = "The parameter text['body'] is required.";
            }
            else if (body.Length > 4096)
            {
                error = "Param text['body'] must be at most 4096 characters long.";
            }

            return (to, body, root.GetRawText(), error);
        }
    }

    /// <summary>What the provider says of a template or a file by link that lacks what it needs (or of a type it does not know).</summary>
    private static string? MediaOrTemplateError(JsonElement root, string type)
    {
        if (type is not ("template" or "document" or "image"))
        {
            return $"The fake supports text, template, document and image messages, not '{type}'.";
        }

        if (!root.TryGetProperty(type, out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return $"The parameter {type} is required.";
        }

        if (type == "template")
        {
            return StringProperty(content, "name") is not { Length: > 0 } ? "The parameter template['name'] is required."
                : !content.TryGetProperty("language", out var language) || StringProperty(language, "code") is not { Length: > 0 }
                    ? "The parameter template['language']['code'] is required."
                    : null;
        }

        return StringProperty(content, "link") is { Length: > 0 } ? null : $"The parameter {type}['link'] is required.";
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record ErrorReply(int Status, string Message, string Type, int Code, int? Subcode, string? Details, int? RetryAfterSeconds = null)
    {
        public const int ThrottledCode = 130429;

        public static ErrorReply InvalidToken { get; } = new(
            StatusCodes.Status401Unauthorized, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, null, null);

        public static ErrorReply PairRateLimit { get; } = new(
            StatusCodes.Status400BadRequest,
            "(#131056) (Business Account, Consumer Account) pair rate limit hit",
            "OAuthException",
            131056,
            null,
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");

        public static ErrorReply OutsideWindow { get; } = new(
            StatusCodes.Status400BadRequest,
            "(#131047) Re-engagement message",
            "OAuthException",
            131047,
            null,
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

        public static ErrorReply Undeliverable { get; } = new(
            StatusCodes.Status400BadRequest,
            "(#131026) Message undeliverable",
            "OAuthException",
            131026,
            null,
            "Message could not be delivered: the recipient may not be a WhatsApp user or may use an old WhatsApp version.");

        public static ErrorReply Throttled(int? retryAfterSeconds) => new(
            StatusCodes.Status429TooManyRequests,
            "(#130429) Rate limit hit",
            "OAuthException",
            ThrottledCode,
            null,
            "Cloud API message throughput has been reached.",
            retryAfterSeconds);

        public static ErrorReply InvalidParameter(string details) => new(
            StatusCodes.Status400BadRequest, "(#100) Invalid parameter", "OAuthException", 100, null, details);

        public static ErrorReply UnknownObject(string id) => new(
            StatusCodes.Status400BadRequest,
            $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            "GraphMethodException",
            100,
            33,
            null);

        public static ErrorReply UnknownPath(string path) => new(
            StatusCodes.Status400BadRequest, $"Unknown path components: {path}", "OAuthException", 2500, null, null);
    }
}
