using System.Globalization;

namespace Portal.Features.Crm;

/// <summary>How the portal shows a moment: in the reader's time zone and culture, as a date (lists) or a date and time.</summary>
public static class CrmDates
{
    public static string Format(DateTimeOffset moment) => moment.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);

    /// <summary>A moment as the reader reads it: their local date and short time, or a dash when there is none yet.</summary>
    public static string FormatTime(DateTimeOffset? moment) => moment?.ToLocalTime().ToString("g", CultureInfo.CurrentCulture) ?? "—";
}
