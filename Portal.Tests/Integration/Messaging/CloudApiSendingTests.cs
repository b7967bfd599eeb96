using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;

namespace Portal.Tests.Integration.Messaging;

/// <summary>
/// The send-message robot through a Cloud API line, against a real HTTP server on 127.0.0.1 that answers like the
/// provider, with its faults: what the server received is the evidence (requests, idempotency keys, bodies).
/// </summary>
public class CloudApiSendingTests(CloudApiApp app) : IClassFixture<CloudApiApp>
{
    private static readonly Dictionary<string, string?> Hello = new() { ["step1.Message"] = "Hello from Portal!" };

    [Fact]
    public async Task ThreeDeals_ThreeRequestsWithTheTokenAndTheText_MessagesKeepTheProvidersIds()
    {
        var (run, _) = await RunAsync(3, "100");

        Assert.All(await app.Kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var received = Received("100");
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal($"Bearer {app.Api.Options.Token}", r.Authorization));
        Assert.All(received, r => Assert.Equal("Hello from Portal!", r.Body));
        Assert.Equal(3, received.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Contains(received, r => r.To == "79991000000");
        var messages = await MessagesAsync(run.Id);
        Assert.All(messages, m => Assert.Equal(MessageStatus.Sent, m.Status));
        Assert.Equal(received.Select(r => r.MessageIdReturned).Order(), messages.Select(m => m.ProviderMessageId).Order());
        var step = Assert.Single(await app.Kit.StepsAsync(run.Id), s => s.EntityId == messages[0].EntityId);
        Assert.Contains(messages[0].ProviderMessageId!, step.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorThenSuccess_TriedAgainWithTheSameKey_SentOnce()
    {
        app.Api.SetRecipientFault("79992000000", null);
        app.Api.EnqueueFault(FakeFault.ServerError(503));

        var (run, _) = await RunAsync(1, "200");

        var item = Assert.Single(await app.Kit.ItemsAsync(run.Id));
        Assert.Equal(ItemStatus.Completed, item.Status);
        var received = Received("200");
        Assert.Equal([503, 200], received.Select(r => r.StatusReturned));
        Assert.Single(received.Select(r => r.IdempotencyKey).Distinct());
        var message = Assert.Single(await MessagesAsync(run.Id));
        Assert.Equal(2, message.Attempts);
        var attempts = await AttemptsAsync(message.Id);
        Assert.Equal([SendDecisionKind.Retry, SendDecisionKind.Sent], attempts.Select(a => a.Outcome));
        Assert.Equal(503, attempts[0].HttpStatus);
        var step = Assert.Single(await app.Kit.StepsAsync(run.Id));
        Assert.Contains("HTTP 503", step.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttled_WithRetryAfter_TheLineSlowsDown_AndTheMessageIsSentNotFailed()
    {
        app.Api.EnqueueFault(FakeFault.Throttled(retryAfterSeconds: 1));

        // 5 msg/s: the second message's slot comes a fifth of a second after the first, by when the first one's
        // "throughput exceeded" has come back (a message already on the wire could not be held back).
        var (run, _) = await RunAsync(2, "300", await app.LineAsync(ratePerSecond: 5));

        Assert.All(await app.Kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var received = Received("300");
        Assert.Equal(2, received.Count(r => r.StatusReturned == 200));
        var throttled = Assert.Single(received, r => r.StatusReturned == 429);
        var next = received.Where(r => r.At > throttled.At).Min(r => r.At);
        Assert.True(next - throttled.At >= TimeSpan.FromMilliseconds(900), $"the line went on {(next - throttled.At).TotalMilliseconds:0} ms after Retry-After: 1");
        var messages = await MessagesAsync(run.Id);
        var attempts = await app.Kit.WithDbAsync(db => db.MessageAttempts.Where(a => messages.Select(m => m.Id).Contains(a.MessageId)).ToListAsync());
        Assert.Contains(attempts, a => a.ProviderCode == SendPolicy.ThroughputExceeded && a.Outcome == SendDecisionKind.Retry);
    }

    [Fact]
    public async Task RecipientTooOften_WaitsForThatRecipient_ThenSent()
    {
        app.Api.EnqueueFault(FakeFault.PairRateLimit);

        var (run, _) = await RunAsync(1, "120");

        Assert.Equal(ItemStatus.Completed, Assert.Single(await app.Kit.ItemsAsync(run.Id)).Status);
        Assert.Equal([400, 200], Received("120").Select(r => r.StatusReturned));
        var attempts = await AttemptsAsync(Assert.Single(await MessagesAsync(run.Id)).Id);
        Assert.Equal((SendPolicy.RecipientTooOften, SendDecisionKind.Retry), (attempts[0].ProviderCode!.Value, attempts[0].Outcome));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(150), "the second try waits for the recipient");
    }

    [Fact]
    public async Task StoppingARun_ItsMessagesNotSentYet_AreNeverSent()
    {
        var manager = await ManagerAsync();
        var line = await app.LineAsync(ratePerSecond: 2);
        var scenario = await app.SendScenarioAsync(line);
        var deals = await app.DealsWithPhonesAsync(manager, 20, "130");
        var launch = await app.Kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id), Hello);
        await Eventually.GetAsync(() => Task.FromResult(Received("130").Count >= 2 ? "sending" : null), TimeSpan.FromSeconds(30), "the first messages to go out");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(RunCommandStatus.Ok, await scope.ServiceProvider.GetRequiredService<RunControl>().StopAsync(manager.Id, launch.RunId!.Value));
        }

        var run = await app.Kit.FinishedAsync(launch.RunId!.Value);
        await Eventually.GetAsync(
            async () => (await MessagesAsync(run.Id)).All(m => m.Status.IsFinal()) ? "settled" : null,
            TimeSpan.FromSeconds(30),
            "the messages in flight to be answered");
        var sent = Received("130").Count;

        // Two slots later nothing more has gone out: the outbox's senders skip a stopped run.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(sent, Received("130").Count);
        Assert.Equal(RunStatus.Stopped, run.Status);
        var messages = await MessagesAsync(run.Id);
        Assert.Equal(sent, messages.Count(m => m.Status == MessageStatus.Sent));
        Assert.All(messages.Where(m => m.Status != MessageStatus.Sent), m => Assert.Equal(ErrorCodes.RunStopped, m.ErrorCode));
        Assert.True(sent < 10, $"{sent} of 20 were sent before the stop");
    }

    [Theory]
    [InlineData("131047", 131047)]
    [InlineData("131026", 131026)]
    [InlineData("100", 100)]
    public async Task FinalRefusal_OneRequest_TheItemFailsWithTheProvidersCode(string fault, int code)
    {
        var prefix = $"4{fault[^2..]}";
        app.Api.SetRecipientFault($"7999{prefix}0000", code switch
        {
            131047 => FakeFault.OutsideWindow,
            131026 => FakeFault.Undeliverable,
            _ => FakeFault.InvalidParameter,
        });

        var (run, _) = await RunAsync(1, prefix);

        var item = Assert.Single(await app.Kit.ItemsAsync(run.Id));
        Assert.Equal(ItemStatus.Failed, item.Status);
        Assert.Equal(ErrorCodes.ProviderRejected, item.ErrorCode);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), item.ErrorDetail, StringComparison.Ordinal);
        Assert.Single(Received(prefix));
        var message = Assert.Single(await MessagesAsync(run.Id));
        Assert.Equal((MessageStatus.Failed, code, 1), (message.Status, message.ProviderCode, message.Attempts));
        if (code == SendPolicy.OutsideWindow)
        {
            Assert.Contains("24 hours", message.ProviderError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SlowAnswerAndDroppedConnection_TriedAgain_WithTheSameKeyEachTime()
    {
        app.Api.SetRecipientFault("79995000000", null);
        app.Api.EnqueueFault(FakeFault.Slow(TimeSpan.FromSeconds(4)));
        app.Api.EnqueueFault(FakeFault.DropConnection);

        var (run, _) = await RunAsync(1, "500");

        Assert.Equal(ItemStatus.Completed, Assert.Single(await app.Kit.ItemsAsync(run.Id)).Status);

        // The slow answer is recorded by the fake server when it finally answers, after the client gave up.
        var received = await Eventually.GetAsync(() => Task.FromResult(Received("500") is { Count: 3 } all ? all : null), TimeSpan.FromSeconds(10), "the slow request to be answered");
        Assert.Single(received.Select(r => r.IdempotencyKey).Distinct());
        var attempts = await AttemptsAsync(Assert.Single(await MessagesAsync(run.Id)).Id);
        Assert.Equal(3, attempts.Count);
        Assert.Null(attempts[0].HttpStatus);
        Assert.Contains("no answer within", attempts[0].Detail, StringComparison.Ordinal);
        Assert.Contains("closed the connection", attempts[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodyListening_RetriedABoundedNumberOfTimes_ThenProviderUnavailable()
    {
        var line = await app.LineAsync(baseUrl: $"http://127.0.0.1:{FakeCloudApi.UnusedPort()}");

        var (run, _) = await RunAsync(1, "600", line);

        var item = Assert.Single(await app.Kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.ProviderUnavailable), (item.Status, item.ErrorCode));
        var message = Assert.Single(await MessagesAsync(run.Id));
        Assert.Equal(3, message.Attempts);
        Assert.All(await AttemptsAsync(message.Id), a => Assert.Contains("could not connect", a.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSameChunkRunAgainAndDispatchedAgain_NothingIsSentTwice()
    {
        var (run, deals) = await RunAsync(3, "700");
        var before = Received("700").Count;

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RunAsync(run.Id, 0);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<MessageDispatcher>().ClaimNextAsync(default));
        }

        // A second launch on the same deals is a new run: its messages are new (and sent).
        var again = await app.Kit.LaunchAsync(await app.Kit.WithDbAsync(db => db.Scenarios.SingleAsync(s => s.Id == run.ScenarioId)), await ManagerAsync(), deals.Select(d => d.Id), Hello);
        await app.Kit.FinishedAsync(again.RunId!.Value);

        Assert.Equal(3, before);
        Assert.Equal(6, Received("700").Count);
        Assert.Equal(6, Received("700").Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task AMessageLeftSendingByADeadWorker_IsUncertainNotSentAgain_TheItemFailsSayingSo()
    {
        // A web-only process: it launches, nothing executes until the test runs the chunk itself.
        await using var web = new Infrastructure.PortalAppFactory(app.ConnectionString, Hosting.ProcessRole.Web, settings: CloudApiApp.FastRetries);
        var kit = new Runs.RunTestKit(web.Services);
        var manager = await kit.ManagerAsync();
        var line = await app.LineAsync();
        var scenario = await app.SendScenarioAsync(line);
        var deals = await app.DealsWithPhonesAsync(manager, 2, "800");
        var launch = await kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id), Hello);
        var items = await kit.ItemsAsync(launch.RunId!.Value);

        // For the first deal a worker took the message an hour ago and died before recording the answer; for the
        // second one a worker took it a moment ago and is still at it.
        await kit.WithDbAsync(async db =>
        {
            foreach (var (item, claimed) in items.Zip(new[] { DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow }))
            {
                var to = item.EntityId == deals[0].Id ? "+79998000000" : "+79998000001";
                var origin = MessageOrigin.Step(item.RunId, item.Id, 0, Portal.Domain.Crm.CrmEntityType.Deal, item.EntityId, to, manager.Id);
                // Written as not due, so that the senders of the other app on this database leave it alone meanwhile.
                var message = WhatsAppMessage.Queued(line.Id, to, "Hello from Portal!", origin, DateTimeOffset.UtcNow.AddHours(1));
                db.WhatsAppMessages.Add(message);
                await db.SaveChangesAsync();
                await db.WhatsAppMessages.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.ClaimedAt, claimed).SetProperty(m => m.Attempts, 1));
            }
        });

        // The senders of the other app settle the claim whose lease ran out; the one still in its lease is left alone.
        await Eventually.GetAsync(
            async () => (await MessagesAsync(launch.RunId!.Value)).Any(m => m.Status == MessageStatus.Uncertain) ? "settled" : null,
            TimeSpan.FromSeconds(30),
            "the expired claim to be settled");
        await using (var scope = web.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RunAsync(launch.RunId!.Value, 0);
        }

        Assert.Empty(Received("800"));
        Assert.Equal([MessageStatus.Uncertain, MessageStatus.Sending], (await MessagesAsync(launch.RunId!.Value)).Select(m => m.Status));
        items = await kit.ItemsAsync(launch.RunId!.Value);
        var interrupted = Assert.Single(items, i => i.EntityId == deals[0].Id);
        Assert.Equal((ItemStatus.Failed, ErrorCodes.MessageUncertain), (interrupted.Status, interrupted.ErrorCode));
        Assert.Contains("uncertain", interrupted.ErrorDetail, StringComparison.Ordinal);
        Assert.Contains("not sent again", interrupted.ErrorDetail, StringComparison.Ordinal);
        var inFlight = Assert.Single(items, i => i.EntityId == deals[1].Id);
        Assert.Equal(ItemStatus.Running, inFlight.Status);
        Assert.Null(await kit.WithDbAsync(db => db.RunSteps.FirstOrDefaultAsync(s => s.ItemId == inFlight.Id)));

        // Held: looked at again at the next periodic check (or sooner, when the other worker's senders are done).
        Assert.InRange(inFlight.ResumeAt!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(31));
    }

    [Fact]
    public async Task ALongRenderedMessage_FailsWithItsLength_NothingReachesTheProvider()
    {
        // 4,090 characters and the contact's phone: within the limit as typed, over it once rendered.
        var values = new Dictionary<string, string?> { ["step1.Message"] = new string('x', 4090) + "{{Contact.Phone}}" };
        var (run, _) = await RunAsync(1, "900", values: values);

        var item = Assert.Single(await app.Kit.ItemsAsync(run.Id));
        Assert.Equal(ErrorCodes.ParameterTooLong, item.ErrorCode);
        Assert.Matches(@"^Message: 41\d\d > 4096$", item.ErrorDetail);
        Assert.Empty(Received("900"));
    }

    [Fact]
    public async Task StatusWebhook_SignedCallbacksMoveTheStatusForward_UnsignedOnesChangeNothing()
    {
        var line = await app.LineAsync();
        await app.Kit.WithDbAsync(async db =>
        {
            var stored = await db.WhatsAppLines.SingleAsync(l => l.Id == line.Id);
            stored.Configure(new CloudApiSettings(stored.BaseUrl, stored.ApiVersion, stored.PhoneNumberId, "verify-me", stored.AllowPlainHttp));
            stored.ReplaceAppSecret(app.Services.GetRequiredService<LineSecrets>().Protect("app-secret"));
            await db.SaveChangesAsync();
        });
        var (run, _) = await RunAsync(1, "110", line);
        var message = Assert.Single(await MessagesAsync(run.Id));
        using var server = app.CreateClient();
        var path = WebhookEndpoints.PathFor(line.Id);
        var verify = await server.GetAsync($"{path}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
        Assert.Equal("1158201444", await verify.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await server.GetAsync($"{path}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")).StatusCode);

        var delivered = FakeCloudApi.StatusCallbackJson(app.Api.Options.PhoneNumberId, message.ProviderMessageId!, "delivered", "79991100000", DateTimeOffset.UtcNow);
        var unsigned = await server.PostAsync(path, new StringContent(delivered, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(MessageStatus.Sent, (await MessageAsync(message.Id)).Status);

        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(server, path, delivered, "app-secret")).StatusCode);
        Assert.Equal(MessageStatus.Delivered, (await MessageAsync(message.Id)).Status);

        var read = FakeCloudApi.StatusCallbackJson(app.Api.Options.PhoneNumberId, message.ProviderMessageId!, "read", "79991100000", DateTimeOffset.UtcNow);
        var late = FakeCloudApi.StatusCallbackJson(app.Api.Options.PhoneNumberId, message.ProviderMessageId!, "delivered", "79991100000", DateTimeOffset.UtcNow);
        await PostSignedAsync(server, path, read, "app-secret");
        await PostSignedAsync(server, path, late, "app-secret");
        Assert.Equal(MessageStatus.Read, (await MessageAsync(message.Id)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignedAsync(server, path, read, "another-secret")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostSignedAsync(HttpClient server, string path, string body, string secret)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add(WebhookEndpoints.SignatureHeader, FakeCloudApi.Signature(secret, body));
        return await server.PostAsync(path, content);
    }

    private Task<PortalUser> ManagerAsync() => app.Kit.ManagerAsync();

    /// <summary>Launches the seed's example on <paramref name="count"/> new deals whose numbers start +7 999 {prefix}, and waits for the end.</summary>
    private async Task<(ScenarioRun Run, List<Portal.Domain.Crm.Deal> Deals)> RunAsync(int count, string prefix, WhatsAppLine? line = null, Dictionary<string, string?>? values = null)
    {
        var manager = await ManagerAsync();
        line ??= await app.LineAsync();
        var scenario = await app.SendScenarioAsync(line);
        var deals = await app.DealsWithPhonesAsync(manager, count, prefix);
        var launch = await app.Kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id), values ?? Hello);
        Assert.True(launch.Launched, launch.ErrorCode);
        return (await app.Kit.FinishedAsync(launch.RunId!.Value, TimeSpan.FromSeconds(90)), deals);
    }

    private List<ReceivedRequest> Received(string prefix) => app.Api.Requests.Where(r => r.To.StartsWith($"7999{prefix}", StringComparison.Ordinal)).ToList();

    private Task<List<WhatsAppMessage>> MessagesAsync(long runId) =>
        app.Kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Id).ToListAsync());

    private Task<WhatsAppMessage> MessageAsync(long id) => app.Kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<List<MessageAttempt>> AttemptsAsync(long messageId) =>
        app.Kit.WithDbAsync(db => db.MessageAttempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.Number).ToListAsync());
}
