using System.Globalization;

namespace Portal.Features.RunLog;

/// <summary>A time on the run page as the reader reads it: their local time, short, or a dash when there is none yet.</summary>
public static class RunTimes
{
    public static string Show(DateTimeOffset? time) => time?.ToLocalTime().ToString("g", CultureInfo.CurrentCulture) ?? "—";
}
