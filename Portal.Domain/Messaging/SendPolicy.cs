using System.Globalization;
using Portal.Domain.Common;

namespace Portal.Domain.Messaging;

/// <summary>
/// What the provider answered to one call: an HTTP status and the Cloud API's numeric error code, or no answer at
/// all (<see cref="Transport"/> says why: a timeout, a refused or dropped connection).
/// </summary>
public sealed record ProviderReply(int? HttpStatus, string? MessageId = null, int? ErrorCode = null, string? ErrorMessage = null, TimeSpan? RetryAfter = null, string? Transport = null)
{
    public static ProviderReply Accepted(string messageId) => new(200, messageId);

    public static ProviderReply NoAnswer(string why) => new(null, Transport: why);

    public bool IsAccepted => HttpStatus is >= 200 and < 300 && !string.IsNullOrEmpty(MessageId);

    /// <summary>The answer as the run log shows it: "HTTP 400, code 131026: Message undeliverable".</summary>
    public string Describe()
    {
        if (Transport is not null)
        {
            return Transport;
        }

        if (IsAccepted)
        {
            return string.Create(CultureInfo.InvariantCulture, $"HTTP {HttpStatus}, message id {MessageId}");
        }

        var code = ErrorCode is { } c ? string.Create(CultureInfo.InvariantCulture, $", code {c}") : string.Empty;
        var text = string.IsNullOrWhiteSpace(ErrorMessage) ? string.Empty : $": {ErrorMessage}";
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {HttpStatus}{code}{text}");
    }
}

public enum SendDecisionKind
{
    Sent,
    Retry,
    Failed,
}

/// <summary>What to do after a call: done, try again at <see cref="RetryAt"/>, or fail with <see cref="ErrorCode"/>.</summary>
public sealed record SendDecision(SendDecisionKind Kind, DateTimeOffset? RetryAt = null, string? ErrorCode = null, bool SlowTheLine = false, TimeSpan? LinePause = null);

/// <summary>How often and how long to try; every figure bounded.</summary>
public sealed record RetrySettings(int MaxAttempts = 5, int MaxThrottledAttempts = 30, TimeSpan? FirstDelay = null, TimeSpan? MaxDelay = null, TimeSpan? RecipientDelay = null)
{
    public TimeSpan First => FirstDelay ?? TimeSpan.FromSeconds(2);

    public TimeSpan Max => MaxDelay ?? TimeSpan.FromMinutes(2);

    /// <summary>The wait after "too many messages to this recipient" (131056): the provider allows about one every six seconds.</summary>
    public TimeSpan Recipient => RecipientDelay ?? TimeSpan.FromSeconds(6);
}

/// <summary>
/// The provider's errors by numeric code. Throughput errors (130429, HTTP 429) slow the whole line down and are
/// tried again without counting as failures for a long while; "same recipient too often" (131056) waits for that
/// recipient; a message outside the 24-hour window (131047), undeliverable (131026), an invalid parameter (100) or
/// any other refusal is final; 5xx, timeouts and refused connections are tried again with back-off, a bounded number
/// of times.
/// </summary>
public static class SendPolicy
{
    public const int ThroughputExceeded = 130429;
    public const int RecipientTooOften = 131056;
    public const int OutsideWindow = 131047;
    public const int Undeliverable = 131026;
    public const int InvalidParameter = 100;

    public static SendDecision Decide(ProviderReply reply, int attempts, RetrySettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(settings);
        if (reply.IsAccepted)
        {
            return new SendDecision(SendDecisionKind.Sent);
        }

        if (reply.ErrorCode == ThroughputExceeded || reply.HttpStatus == 429)
        {
            if (attempts >= settings.MaxThrottledAttempts)
            {
                return new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.ProviderRateLimited);
            }

            var pause = reply.RetryAfter is { } after && after > TimeSpan.Zero ? Min(after, settings.Max) : TimeSpan.FromSeconds(1);
            return new SendDecision(SendDecisionKind.Retry, now + pause, SlowTheLine: true, LinePause: pause);
        }

        if (reply.ErrorCode == RecipientTooOften)
        {
            return attempts >= settings.MaxAttempts
                ? new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.ProviderRateLimited)
                : new SendDecision(SendDecisionKind.Retry, now + Backoff(settings.Recipient, attempts, settings.Max));
        }

        if (reply.HttpStatus is null || reply.HttpStatus >= 500)
        {
            return attempts >= settings.MaxAttempts
                ? new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.ProviderUnavailable)
                : new SendDecision(SendDecisionKind.Retry, now + Backoff(settings.First, attempts, settings.Max));
        }

        return new SendDecision(SendDecisionKind.Failed, ErrorCode: ErrorCodes.ProviderRejected);
    }

    /// <summary>first, 2 × first, 4 × first, … never more than <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(TimeSpan first, int attempts, TimeSpan max) =>
        Min(TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Max(0, attempts - 1)), max.Ticks)), max);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
