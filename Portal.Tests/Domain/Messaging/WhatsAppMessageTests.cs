using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Messaging;

public class WhatsAppMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static MessageOrigin Origin => MessageOrigin.Step(1, 10, 0, CrmEntityType.Deal, 100, "+79991234567", "user");

    [Fact]
    public void TheKey_IsRunItemStepAndRecipient()
    {
        Assert.Equal("run:10:0:+79991234567", Origin.Key);
        Assert.NotEqual(MessageOrigin.Step(1, 10, 1, CrmEntityType.Deal, 100, "+79991234567", "u").Key, Origin.Key);
        Assert.NotEqual(MessageOrigin.Step(1, 10, 0, CrmEntityType.Deal, 100, "+79991234568", "u").Key, Origin.Key);
    }

    [Fact]
    public void Queued_IsPendingAndDueNow_Sandbox_IsSentAtOnce()
    {
        var queued = WhatsAppMessage.Queued(1, "+79991234567", "Hi", Origin, Now);
        var sandbox = WhatsAppMessage.Sandbox(1, "+79991234567", "Hi", Origin, Now);

        Assert.Equal((MessageStatus.Pending, Now), (queued.Status, queued.NextAttemptAt!.Value));
        Assert.Equal(MessageStatus.Sent, sandbox.Status);
        Assert.StartsWith("sandbox.", sandbox.ProviderMessageId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void AnEmptyOrTooLongText_IsRefused(string? text)
    {
        Assert.Throws<CrmValidationException>(() => WhatsAppMessage.Queued(1, "+7", text!, Origin, Now));
        Assert.Throws<CrmValidationException>(() => WhatsAppMessage.Queued(1, "+7", new string('x', 4097), Origin, Now));
    }

    [Fact]
    public void OnlyATakenMessage_RecordsAnAttempt()
    {
        var message = WhatsAppMessage.Queued(1, "+79991234567", "Hi", Origin, Now);

        Assert.Throws<InvalidOperationException>(() => message.Record(ProviderReply.Accepted("wamid.1"), new SendDecision(SendDecisionKind.Sent), Now));
    }

    [Fact]
    public void ApplyStatus_MovesForwardOnly_AndAFailureAfterSendingEndsIt()
    {
        var message = WhatsAppMessage.Sandbox(1, "+79991234567", "Hi", Origin, Now);

        Assert.True(message.ApplyStatus(MessageStatus.Delivered, Now.AddSeconds(1), null, null));
        Assert.False(message.ApplyStatus(MessageStatus.Sent, Now.AddSeconds(2), null, null));
        Assert.True(message.ApplyStatus(MessageStatus.Read, Now.AddSeconds(3), null, null));
        Assert.False(message.ApplyStatus(MessageStatus.Delivered, Now.AddSeconds(4), null, null));
        Assert.Equal(MessageStatus.Read, message.Status);

        var other = WhatsAppMessage.Sandbox(1, "+79991234567", "Hi", Origin, Now);
        Assert.True(other.ApplyStatus(MessageStatus.Failed, Now.AddSeconds(1), 131026, "Message undeliverable"));
        Assert.Equal((MessageStatus.Failed, ErrorCodes.ProviderRejected, 131026), (other.Status, other.ErrorCode, other.ProviderCode));
        Assert.False(other.ApplyStatus(MessageStatus.Read, Now.AddSeconds(2), null, null));
    }

    [Fact]
    public void ACallbackForAMessageNotSentYet_ChangesNothing()
    {
        var message = WhatsAppMessage.Queued(1, "+79991234567", "Hi", Origin, Now);

        Assert.False(message.ApplyStatus(MessageStatus.Delivered, Now, null, null));
        Assert.Equal(MessageStatus.Pending, message.Status);
    }

    [Fact]
    public void AbandonAndInterrupted_OnlyFromTheirStates()
    {
        var pending = WhatsAppMessage.Queued(1, "+79991234567", "Hi", Origin, Now);
        Assert.Throws<InvalidOperationException>(() => pending.Interrupted(Now));
        pending.Abandon(ErrorCodes.RunStopped, "stopped", Now);
        Assert.Equal((MessageStatus.Failed, ErrorCodes.RunStopped), (pending.Status, pending.ErrorCode));
        Assert.Throws<InvalidOperationException>(() => pending.Abandon(ErrorCodes.RunStopped, "again", Now));
    }

    [Fact]
    public void Interrupted_IsUncertainNotFailed_NotSentAgainUntilAnAdministratorSaysSo()
    {
        var message = WhatsAppMessage.TestSend(1, "+79991234567", "Hi", "admin", Now);
        Assert.NotNull(message.ClaimToken);

        message.Interrupted(Now.AddMinutes(1));

        Assert.Equal((MessageStatus.Uncertain, ErrorCodes.MessageUncertain, null), (message.Status, message.ErrorCode, message.ClaimToken));
        Assert.True(message.Status.IsFinal());
        Assert.False(message.Status.IsSent());
        Assert.Contains("uncertain", message.ProviderError, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => message.Interrupted(Now));

        message.SendAgain(Now.AddMinutes(2));

        Assert.Equal((MessageStatus.Pending, null, Now.AddMinutes(2)), (message.Status, message.ErrorCode, message.NextAttemptAt));
        Assert.Throws<InvalidOperationException>(() => message.SendAgain(Now));
    }

    [Fact]
    public void ACloudLine_ChecksItsSettings()
    {
        var line = WhatsAppLine.CloudApi("Sales", "+7 495 000-00-00", 80, new CloudApiSettings("https://graph.facebook.com/", "v21.0", "1234567890"), "protected");

        Assert.Equal("https://graph.facebook.com", line.BaseUrl);
        Assert.True(line.HasAccessToken);
        Assert.Equal(nameof(WhatsAppLine.BaseUrl), Assert.Throws<CrmValidationException>(() => line.Configure(new CloudApiSettings("ftp://x", "v21.0", "1"))).Field);
        Assert.Equal(nameof(WhatsAppLine.BaseUrl), Assert.Throws<CrmValidationException>(() => line.Configure(new CloudApiSettings("https://x/?a=1", "v21.0", "1"))).Field);
        Assert.Equal(nameof(WhatsAppLine.PhoneNumberId), Assert.Throws<CrmValidationException>(() => line.Configure(new CloudApiSettings("https://x", "v21.0", "1/../2"))).Field);
        Assert.Equal(WhatsAppLine.PlainHttpRefused, Assert.Throws<CrmValidationException>(() => line.Configure(new CloudApiSettings("http://x", "v21.0", "1"))).Reason);
        Assert.True(line.HasAccessToken);

        // The token belongs to where it was typed for: pointing the line elsewhere drops it.
        line.Configure(new CloudApiSettings("https://graph.facebook.com", "v22.0", "1234567890", "verify"));
        Assert.True(line.HasAccessToken);
        line.Configure(new CloudApiSettings("http://127.0.0.1:9", "v22.0", "1234567890", AllowPlainHttp: true));
        Assert.False(line.HasAccessToken);
        Assert.False(line.SendsOverUnallowedPlainHttp);
        Assert.Equal(nameof(WhatsAppLine.RatePerSecond), Assert.Throws<CrmValidationException>(() => line.SetRate(0)).Field);
        Assert.Throws<CrmValidationException>(() => new WhatsAppLine("Sandbox", LineKind.Sandbox).ReplaceAccessToken("x"));
    }
}
