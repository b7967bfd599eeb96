namespace Portal.Features.Scenarios;

/// <summary>A "Wait" delay as people write it: a whole number of days, hours or minutes (the largest that fits exactly).</summary>
public static class DelayUnits
{
    public const string Minutes = "minutes";
    public const string Hours = "hours";
    public const string Days = "days";

    public static (int Amount, string Unit) Split(TimeSpan delay) =>
        delay.TotalDays >= 1 && delay.TotalDays % 1 == 0 ? ((int)delay.TotalDays, Days)
        : delay.TotalHours >= 1 && delay.TotalHours % 1 == 0 ? ((int)delay.TotalHours, Hours)
        : ((int)Math.Max(1, delay.TotalMinutes), Minutes);

    public static TimeSpan Join(int amount, string unit) => unit switch
    {
        Days => TimeSpan.FromDays(amount),
        Hours => TimeSpan.FromHours(amount),
        _ => TimeSpan.FromMinutes(amount),
    };
}
