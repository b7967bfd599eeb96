using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.Tests.Infrastructure.FakeWhatsApp;

namespace Portal.Tests.Infrastructure.FakeWhatsAppTests;

public class FakeCloudApiTests
{
    private static readonly int[] MillisecondOffsets = [2500, 0, 100, 900, 1000, 1050, 1099];

    [Fact]
    public async Task Success_ReturnsAWamidAndRecordsTheRequest()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();

        using var response = await SendAsync(client, api, "+7 999 123-45-67", "Hello", idempotencyKey: "run-1:item-1:step-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        Assert.Equal("whatsapp", json.RootElement.GetProperty("messaging_product").GetString());
        var contact = json.RootElement.GetProperty("contacts")[0];
        Assert.Equal("+7 999 123-45-67", contact.GetProperty("input").GetString());
        Assert.Equal("79991234567", contact.GetProperty("wa_id").GetString());
        var messageId = json.RootElement.GetProperty("messages")[0].GetProperty("id").GetString();
        Assert.StartsWith("wamid.", messageId, StringComparison.Ordinal);

        var request = Assert.Single(api.Requests);
        Assert.Equal("/v21.0/1234567890/messages", request.Path);
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Equal("run-1:item-1:step-1", request.IdempotencyKey);
        Assert.Equal("+7 999 123-45-67", request.To);
        Assert.Equal("Hello", request.Body);
        Assert.Equal(200, request.StatusReturned);
        Assert.Equal(messageId, request.MessageIdReturned);
        Assert.Equal(1, api.SuccessCount);
        Assert.Equal(["run-1:item-1:step-1"], api.DistinctIdempotencyKeys);
    }

    [Fact]
    public async Task QueuedFault_IsReturnedOnceThenSuccess()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();
        api.EnqueueFault(FakeFault.Undeliverable);

        using var first = await SendAsync(client, api, "79991234567", "one");
        using var second = await SendAsync(client, api, "79991234567", "two");

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        using var error = await ReadJsonAsync(first);
        var body = error.RootElement.GetProperty("error");
        Assert.Equal(131026, body.GetProperty("code").GetInt32());
        Assert.Equal("(#131026) Message undeliverable", body.GetProperty("message").GetString());
        Assert.Equal("OAuthException", body.GetProperty("type").GetString());
        Assert.Equal("whatsapp", body.GetProperty("error_data").GetProperty("messaging_product").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("fbtrace_id").GetString()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal([400, 200], api.Requests.Select(r => r.StatusReturned));
        Assert.Null(api.Requests[0].MessageIdReturned);
    }

    [Fact]
    public async Task RecipientAndDefaultFaults_ApplyAfterTheQueue()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();
        api.SetRecipientFault("+7 (999) 000-00-01", FakeFault.OutsideWindow);
        api.DefaultFault = FakeFault.ServerError(503);

        using var outside = await SendAsync(client, api, "79990000001", "a");
        using var server = await SendAsync(client, api, "79990000002", "b");
        api.EnqueueFault(FakeFault.PairRateLimit);
        using var pair = await SendAsync(client, api, "79990000001", "c");

        using var outsideJson = await ReadJsonAsync(outside);
        Assert.Equal(131047, outsideJson.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            outsideJson.RootElement.GetProperty("error").GetProperty("error_data").GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, server.StatusCode);
        using var serverJson = await ReadJsonAsync(server);
        Assert.Equal(2, serverJson.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        using var pairJson = await ReadJsonAsync(pair);
        Assert.Equal(131056, pairJson.RootElement.GetProperty("error").GetProperty("code").GetInt32());

        api.Reset();
        using var ok = await SendAsync(client, api, "79990000001", "d");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task WrongOrMissingToken_Gets401With190()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();

        using var wrong = await SendAsync(client, api, "79991234567", "x", token: "stolen");
        using var missing = await SendAsync(client, api, "79991234567", "x", token: null);

        foreach (var response in new[] { wrong, missing })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            using var json = await ReadJsonAsync(response);
            Assert.Equal(190, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }

        Assert.Equal(0, api.SuccessCount);
        Assert.Null(api.Requests[1].Authorization);
    }

    [Fact]
    public async Task WrongPhoneNumberId_Gets400With100()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();

        using var response = await SendAsync(client, api, "79991234567", "x", uri: new Uri(api.BaseAddress, "v21.0/999/messages"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = await ReadJsonAsync(response);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(100, error.GetProperty("code").GetInt32());
        Assert.StartsWith("Unsupported post request. Object with ID '999' does not exist", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_RefusesRequestsAboveItWith130429()
    {
        await using var api = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { RateLimitPerSecond = 5 });
        using var client = new HttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SendAsync(client, api, "79991234567", $"m{i}")));

        var throttled = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(throttled);
        Assert.Equal(12, throttled.Count + responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var response in throttled)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            using var json = await ReadJsonAsync(response);
            Assert.Equal(130429, json.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }

        Assert.Equal(throttled.Count, api.ThrottledCount);
        Assert.InRange(api.MaxInAnyWindow(TimeSpan.FromSeconds(1)), 1, 5);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ThrottledFault_CarriesRetryAfter()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();
        api.EnqueueFault(FakeFault.Throttled(7));

        using var response = await SendAsync(client, api, "79991234567", "x");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, api.ThrottledCount);
    }

    [Fact]
    public async Task DropConnection_MakesHttpClientThrow()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();
        api.EnqueueFault(FakeFault.DropConnection);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(client, api, "79991234567", "x"));

        var request = Assert.Single(api.Requests);
        Assert.Equal(0, request.StatusReturned);
    }

    [Fact]
    public async Task Slow_TimesTheClientOutButTheMessageCountsAsSent()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(100) };
        api.EnqueueFault(FakeFault.Slow(TimeSpan.FromMilliseconds(400)));

        await Assert.ThrowsAsync<TaskCanceledException>(() => SendAsync(client, api, "79991234567", "x"));

        var requests = await Eventually.GetAsync(
            () => Task.FromResult(api.Requests.Count == 1 ? api.Requests : null), TimeSpan.FromSeconds(5), "the slow request");
        Assert.Equal(200, requests[0].StatusReturned);
        Assert.Equal(1, api.SuccessCount);
    }

    [Fact]
    public async Task StopAndRestart_RefuseConnectionsThenListenOnTheSamePort()
    {
        await using var api = await FakeCloudApi.StartAsync();
        var baseAddress = api.BaseAddress;

        await api.StopAsync();
        using (var client = new HttpClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(client, api, "79991234567", "x"));
        }

        await api.RestartAsync();
        using (var client = new HttpClient())
        {
            using var response = await SendAsync(client, api, "79991234567", "x");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(baseAddress, api.BaseAddress);
    }

    [Fact]
    public void UnusedPort_RefusesConnections()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

        var error = Assert.Throws<System.Net.Sockets.SocketException>(() => socket.Connect(IPAddress.Loopback, FakeCloudApi.UnusedPort()));

        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public void MaxInAnyWindow_CountsTheBusiestHalfOpenWindow()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = MillisecondOffsets.Select(ms => start.AddMilliseconds(ms)).ToList();

        Assert.Equal(5, FakeCloudApi.MaxInAnyWindow(times, TimeSpan.FromSeconds(1)));
        Assert.Equal(3, FakeCloudApi.MaxInAnyWindow(times, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(7, FakeCloudApi.MaxInAnyWindow(times, TimeSpan.FromSeconds(3)));
        Assert.Equal(0, FakeCloudApi.MaxInAnyWindow([], TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task MaxInAnyWindow_CountsOnlySuccesses()
    {
        await using var api = await FakeCloudApi.StartAsync();
        using var client = new HttpClient();
        api.EnqueueFault(FakeFault.Undeliverable);

        for (var i = 0; i < 4; i++)
        {
            using var response = await SendAsync(client, api, "79991234567", "x");
        }

        Assert.Equal(3, api.MaxInAnyWindow(TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Signature_IsTheLowercaseHexHmacSha256()
    {
        // RFC 4231, test case 2.
        Assert.Equal(
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            FakeCloudApi.Signature("Jefe", "what do ya want for nothing?"));
    }

    [Fact]
    public void StatusCallbackJson_HasTheWebhookShape()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        using var failed = JsonDocument.Parse(FakeCloudApi.StatusCallbackJson("1234567890", "wamid.X", "failed", "+79991234567", at, 131026));
        using var delivered = JsonDocument.Parse(FakeCloudApi.StatusCallbackJson("1234567890", "wamid.Y", "delivered", "79991234567", at));

        Assert.Equal("whatsapp_business_account", failed.RootElement.GetProperty("object").GetString());
        var change = failed.RootElement.GetProperty("entry")[0].GetProperty("changes")[0];
        Assert.Equal("messages", change.GetProperty("field").GetString());
        Assert.Equal("1234567890", change.GetProperty("value").GetProperty("metadata").GetProperty("phone_number_id").GetString());
        var status = change.GetProperty("value").GetProperty("statuses")[0];
        Assert.Equal("wamid.X", status.GetProperty("id").GetString());
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Equal("1735689600", status.GetProperty("timestamp").GetString());
        Assert.Equal("79991234567", status.GetProperty("recipient_id").GetString());
        Assert.Equal(131026, status.GetProperty("errors")[0].GetProperty("code").GetInt32());
        Assert.Equal("Message undeliverable", status.GetProperty("errors")[0].GetProperty("title").GetString());
        var deliveredStatus = delivered.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("statuses")[0];
        Assert.False(deliveredStatus.TryGetProperty("errors", out _));
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        FakeCloudApi api,
        string to,
        string text,
        string? token = "test-token",
        string? idempotencyKey = null,
        Uri? uri = null)
    {
        var body = JsonSerializer.Serialize(new
        {
            messaging_product = "whatsapp",
            recipient_type = "individual",
            to,
            type = "text",
            text = new { preview_url = false, body = text },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, uri ?? api.MessagesUri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
}
