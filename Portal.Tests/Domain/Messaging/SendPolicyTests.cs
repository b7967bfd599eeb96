using Portal.Connectors.WhatsApp;
using Portal.Domain.Common;
using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Messaging;

public class SendPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RetrySettings Settings = new(MaxAttempts: 5, MaxThrottledAttempts: 30, FirstDelay: TimeSpan.FromSeconds(2), MaxDelay: TimeSpan.FromMinutes(2), RecipientDelay: TimeSpan.FromSeconds(6));

    [Fact]
    public void Accepted_IsSent()
    {
        var decision = SendPolicy.Decide(ProviderReply.Accepted("wamid.1"), 1, Settings, Now);

        Assert.Equal(SendDecisionKind.Sent, decision.Kind);
    }

    [Theory]
    [InlineData(429, SendPolicy.ThroughputExceeded)]
    [InlineData(400, SendPolicy.ThroughputExceeded)]
    [InlineData(429, null)]
    public void Throughput_RetriedAfterRetryAfter_AndTheLineSlowsDown(int status, int? code)
    {
        var decision = SendPolicy.Decide(new ProviderReply(status, ErrorCode: code, RetryAfter: TimeSpan.FromSeconds(7)), 3, Settings, Now);

        Assert.Equal(SendDecisionKind.Retry, decision.Kind);
        Assert.Equal(Now.AddSeconds(7), decision.RetryAt);
        Assert.True(decision.SlowTheLine);
        Assert.Equal(TimeSpan.FromSeconds(7), decision.LinePause);
    }

    [Fact]
    public void Throughput_WithoutRetryAfter_PausesASecond_AndGivesUpOnlyAfterItsOwnLongerBound()
    {
        Assert.Equal(Now.AddSeconds(1), SendPolicy.Decide(new ProviderReply(429), 5, Settings, Now).RetryAt);
        Assert.Equal(SendDecisionKind.Retry, SendPolicy.Decide(new ProviderReply(429), 29, Settings, Now).Kind);

        var last = SendPolicy.Decide(new ProviderReply(429), 30, Settings, Now);

        Assert.Equal((SendDecisionKind.Failed, ErrorCodes.ProviderRateLimited), (last.Kind, last.ErrorCode));
    }

    [Fact]
    public void RecipientTooOften_WaitsForThatRecipient_WithoutSlowingTheLine()
    {
        var first = SendPolicy.Decide(new ProviderReply(400, ErrorCode: SendPolicy.RecipientTooOften), 1, Settings, Now);
        var third = SendPolicy.Decide(new ProviderReply(400, ErrorCode: SendPolicy.RecipientTooOften), 3, Settings, Now);

        Assert.Equal((SendDecisionKind.Retry, Now.AddSeconds(6), false), (first.Kind, first.RetryAt, first.SlowTheLine));
        Assert.Equal(Now.AddSeconds(24), third.RetryAt);
        Assert.Equal(ErrorCodes.ProviderRateLimited, SendPolicy.Decide(new ProviderReply(400, ErrorCode: SendPolicy.RecipientTooOften), 5, Settings, Now).ErrorCode);
    }

    [Theory]
    [InlineData(SendPolicy.OutsideWindow)]
    [InlineData(SendPolicy.Undeliverable)]
    [InlineData(SendPolicy.InvalidParameter)]
    [InlineData(190)]
    public void FinalCodes_FailAtOnce_AsRejected(int code)
    {
        var decision = SendPolicy.Decide(new ProviderReply(400, ErrorCode: code, ErrorMessage: "no"), 1, Settings, Now);

        Assert.Equal((SendDecisionKind.Failed, ErrorCodes.ProviderRejected), (decision.Kind, decision.ErrorCode));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(null)]
    public void ServerErrorsAndNoAnswer_BackOffDoubling_ThenUnavailable(int? status)
    {
        var reply = status is null ? ProviderReply.NoAnswer("could not connect to the provider") : new ProviderReply(status);

        Assert.Equal(Now.AddSeconds(2), SendPolicy.Decide(reply, 1, Settings, Now).RetryAt);
        Assert.Equal(Now.AddSeconds(4), SendPolicy.Decide(reply, 2, Settings, Now).RetryAt);
        Assert.Equal(Now.AddSeconds(16), SendPolicy.Decide(reply, 4, Settings, Now).RetryAt);
        var last = SendPolicy.Decide(reply, 5, Settings, Now);
        Assert.Equal((SendDecisionKind.Failed, ErrorCodes.ProviderUnavailable), (last.Kind, last.ErrorCode));
    }

    [Fact]
    public void Backoff_NeverExceedsTheMaximum()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), SendPolicy.Backoff(TimeSpan.FromSeconds(2), 40, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromMinutes(2), SendPolicy.Decide(new ProviderReply(429, RetryAfter: TimeSpan.FromHours(1)), 1, Settings, Now).LinePause);
    }

    [Theory]
    [InlineData(200, """{"messaging_product":"whatsapp","contacts":[{"input":"7999","wa_id":"7999"}],"messages":[{"id":"wamid.HBg"}]}""", "wamid.HBg", null, null)]
    [InlineData(400, """{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"fbtrace_id":"A"}}""", null, 131026, "(#131026) Message undeliverable")]
    [InlineData(400, """{"error":{"message":"(#131047) Re-engagement message","code":131047,"error_data":{"details":"Message failed to send because more than 24 hours have passed"}}}""", null, 131047, "(#131047) Re-engagement message (Message failed to send because more than 24 hours have passed)")]
    [InlineData(503, "Service Unavailable", null, null, "Service Unavailable")]
    [InlineData(502, "", null, null, null)]
    public void CloudApiAnswers_AreRead(int status, string body, string? id, int? code, string? message)
    {
        var reply = CloudApiClient.Read(status, body, null);

        Assert.Equal((status, id, code, message), (reply.HttpStatus!.Value, reply.MessageId, reply.ErrorCode, reply.ErrorMessage));
    }

    [Fact]
    public void ASuccessWithoutAMessageId_IsNotTakenForSent()
    {
        var reply = CloudApiClient.Read(200, "{}", null);

        Assert.False(reply.IsAccepted);
        Assert.Equal(SendDecisionKind.Failed, SendPolicy.Decide(reply, 1, Settings, Now).Kind);
    }

    [Fact]
    public void Describe_ReadsLikeTheLog()
    {
        Assert.Equal("HTTP 400, code 131026: Message undeliverable", new ProviderReply(400, ErrorCode: 131026, ErrorMessage: "Message undeliverable").Describe());
        Assert.Equal("HTTP 200, message id wamid.1", ProviderReply.Accepted("wamid.1").Describe());
        Assert.Equal("no answer within 15 s", ProviderReply.NoAnswer("no answer within 15 s").Describe());
    }
}
