namespace Portal.Tests.Infrastructure;

/// <summary>A clock a test moves by hand, so that what happens "a day later" is tested without waiting a day.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
