using System.Globalization;

namespace Portal.Features.Crm;

/// <summary>How the CRM lists show a moment: the date, in the user's time zone and culture.</summary>
public static class CrmDates
{
    public static string Format(DateTimeOffset moment) => moment.ToLocalTime().ToString("d", CultureInfo.CurrentCulture);
}
