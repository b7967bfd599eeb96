using System.Globalization;

namespace Portal.Tests.Infrastructure;

/// <summary>Runs a piece of code in a UI culture (the one the localizer reads), then puts the previous one back.</summary>
public static class UiCulture
{
    public static T In<T>(string culture, Func<T> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
