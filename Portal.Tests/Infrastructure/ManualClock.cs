namespace Portal.Tests.Infrastructure;

/// <summary>
/// A clock a test moves by hand, so that what happens "a day later" is tested without waiting a day. It keeps whole
/// microseconds, as PostgreSQL keeps a timestamp, so a moment read back equals the one written.
/// </summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = Microseconds(now);

    public DateTimeOffset Now
    {
        get => _now;
        set => _now = Microseconds(value);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    private static DateTimeOffset Microseconds(DateTimeOffset moment) => new(moment.Ticks - (moment.Ticks % TimeSpan.TicksPerMicrosecond), moment.Offset);
}
