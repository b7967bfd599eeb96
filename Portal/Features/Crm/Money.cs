using System.Globalization;

namespace Portal.Features.Crm;

/// <summary>Amounts as the reader writes them: their culture's digits, the deal's currency.</summary>
public static class Money
{
    public static string Format(decimal amount, string currency) =>
        string.Create(CultureInfo.CurrentCulture, $"{amount:N2} {currency}");
}
