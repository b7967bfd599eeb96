using System.ComponentModel.DataAnnotations;
using Portal.Domain.Messaging;

namespace Portal.Connectors.WhatsApp;

/// <summary>The "Portal:WhatsApp" configuration section: how the connector talks to the Cloud API.</summary>
public sealed class WhatsAppOptions : IValidatableObject
{
    /// <summary>What a claim's lease must leave beyond one call's timeout: the answer still has to be written.</summary>
    public const int LeaseMarginSeconds = 5;

    public const string SectionName = "Portal:WhatsApp";

    /// <summary>How long one call to the provider may take before it counts as a timeout (tried again).</summary>
    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>Calls per message when the provider is down, times out or refuses the connection (and for 131056).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Calls per message while the provider says "throughput exceeded" (the line slows down meanwhile).</summary>
    [Range(1, 500)]
    public int MaxThrottledAttempts { get; set; } = 30;

    /// <summary>The first back-off after a 5xx or timeout; it doubles each time up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 600_000)]
    public int FirstRetryDelayMilliseconds { get; set; } = 2000;

    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 120;

    /// <summary>The wait after "too many messages to this recipient" (131056).</summary>
    [Range(1, 600_000)]
    public int RecipientRetryDelayMilliseconds { get; set; } = 6000;

    /// <summary>
    /// The outbox's senders in each worker process: messages waiting for a slot or in flight at once. The line's rate
    /// is shared by all of them and all workers; a few keep a line busy, more only reserve slots further ahead.
    /// </summary>
    [Range(1, 256)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>
    /// The share of a line's rate the portal uses (0.97 of 80/s is 77.6/s): timers and networks jitter, and a message
    /// sent a few milliseconds late next to one on time would otherwise make a second with one too many.
    /// </summary>
    [Range(0.5, 1.0)]
    public double RateHeadroom { get; set; } = 0.97;

    /// <summary>
    /// A message a worker took longer ago than this, and never reported, was interrupted: it is shown as uncertain and
    /// not sent again by itself. A worker takes a message only once its line's slot has come, so the lease covers one
    /// call (<see cref="RequestTimeoutSeconds"/>) and the writing of its answer; it must be at least the timeout plus
    /// <see cref="LeaseMarginSeconds"/>. After a crash the run settles about this long after the call started.
    /// </summary>
    [Range(10, 86_400)]
    public int SendingLeaseSeconds { get; set; } = 45;

    /// <summary>
    /// How far ahead of now a line's next free slot may be for a sender to take one of its messages. A line whose
    /// slots are further out (a slow line with a long queue, a line the provider paused) is left alone meanwhile, so it
    /// holds no sender and never holds up another line's messages.
    /// </summary>
    [Range(10, 10_000)]
    public int SlotLookaheadMilliseconds { get; set; } = 250;

    /// <summary>How often a sender settles the messages whose lease has run out (as uncertain) and wakes their steps.</summary>
    [Range(1, 600)]
    public int SettleIntervalSeconds { get; set; } = 5;

    /// <summary>How often a step whose messages are on their way is looked at even if no sender wakes it.</summary>
    [Range(1, 3600)]
    public int StepRecheckSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SendingLeaseSeconds < RequestTimeoutSeconds + LeaseMarginSeconds)
        {
            yield return new ValidationResult(
                $"{nameof(SendingLeaseSeconds)} ({SendingLeaseSeconds}) must be at least {nameof(RequestTimeoutSeconds)} ({RequestTimeoutSeconds}) + {LeaseMarginSeconds}: a claim must outlive its call.",
                [nameof(SendingLeaseSeconds)]);
        }
    }

    public RetrySettings Retries => new(
        MaxAttempts,
        MaxThrottledAttempts,
        TimeSpan.FromMilliseconds(FirstRetryDelayMilliseconds),
        TimeSpan.FromSeconds(MaxRetryDelaySeconds),
        TimeSpan.FromMilliseconds(RecipientRetryDelayMilliseconds));
}
