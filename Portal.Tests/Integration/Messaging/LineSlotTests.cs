using Microsoft.EntityFrameworkCore;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Messaging;

/// <summary>Many senders, a short lease and a step that looks again every second: what a slow line used to break.</summary>
public sealed class LineSlotApp : CloudApiApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(FastRetries)
    {
        ["Portal:WhatsApp:SendConcurrency"] = "16",
        ["Portal:WhatsApp:SendingLeaseSeconds"] = "10",
        ["Portal:WhatsApp:StepRecheckSeconds"] = "1",
        ["Portal:WhatsApp:SettleIntervalSeconds"] = "1",
    };
}

/// <summary>
/// Issue #15, holes 3 and 4: a sender takes a message only when its line's slot has come, so the claim's lease covers
/// the call and not a wait in the line's queue, and a slow line holds no sender that another line's messages need.
/// </summary>
public class LineSlotTests(LineSlotApp app) : IClassFixture<LineSlotApp>
{
    private static readonly Dictionary<string, string?> Hello = new() { ["step1.Message"] = "Hello from Portal!" };

    [Fact]
    public async Task MoreMessagesQueuedOnASlowLineThanItsLeaseCovers_EachSentOnce_NoneFailedOrUncertain()
    {
        // 1 msg/s and 14 messages: with 16 senders the last ones wait about 14 s for their slots, longer than the 10 s lease.
        var line = await app.LineAsync(ratePerSecond: 1);
        var manager = await app.Kit.ManagerAsync();
        var deals = await app.DealsWithPhonesAsync(manager, 14, "310");
        var launch = await app.Kit.LaunchAsync(await app.SendScenarioAsync(line), manager, deals.Select(d => d.Id), Hello);

        var run = await app.Kit.FinishedAsync(launch.RunId!.Value, TimeSpan.FromSeconds(120));

        var messages = await app.Kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == run.Id).ToListAsync());
        Assert.Equal(14, messages.Count);
        Assert.All(messages, m => Assert.Equal(MessageStatus.Sent, m.Status));
        Assert.All(await app.Kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var received = app.Api.Requests.Where(r => r.To.StartsWith("7999310", StringComparison.Ordinal)).ToList();
        Assert.Equal(14, received.Count);
        Assert.Equal(14, received.Select(r => r.To).Distinct().Count());
    }

    [Fact]
    public async Task ASlowLineWithAQueue_AFasterLineLaunchedAfterIt_SendsAllItsMessagesWhileTheSlowOneIsStillQueued()
    {
        var manager = await app.Kit.ManagerAsync();
        var slow = await app.LineAsync(ratePerSecond: 1);
        var fast = await app.LineAsync(ratePerSecond: 80);
        var slowDeals = await app.DealsWithPhonesAsync(manager, 60, "320");
        var fastDeals = await app.DealsWithPhonesAsync(manager, 40, "330");
        var slowRun = await app.Kit.LaunchAsync(await app.SendScenarioAsync(slow), manager, slowDeals.Select(d => d.Id), Hello);
        await Eventually.GetAsync(
            async () => await CountAsync(slowRun.RunId!.Value, MessageStatus.Sent) > 0 ? "sending" : null,
            TimeSpan.FromSeconds(30),
            "the slow line to start sending");

        var fastRun = await app.Kit.LaunchAsync(await app.SendScenarioAsync(fast), manager, fastDeals.Select(d => d.Id), Hello);
        await Eventually.GetAsync(
            async () => await CountAsync(fastRun.RunId!.Value, MessageStatus.Sent) == 40 ? "sent" : null,
            TimeSpan.FromSeconds(120),
            "the fast line's messages to be sent");

        // Counted, not timed: when the fast line is done the slow one has sent only a few of its 60 messages.
        var slowSent = await CountAsync(slowRun.RunId!.Value, MessageStatus.Sent);
        Assert.True(slowSent < 30, $"the slow line had sent {slowSent} of 60 when the fast line was done");
    }

    private Task<int> CountAsync(long runId, MessageStatus status) =>
        app.Kit.WithDbAsync(db => db.WhatsAppMessages.CountAsync(m => m.RunId == runId && m.Status == status));
}
