using System.Globalization;

namespace Portal.Domain.Scenarios.Templates;

/// <summary>
/// A value a placeholder stands for, typed so that it is formatted for the reader: money with the
/// culture's digits and its currency, dates in the culture's short form, numbers without noise.
/// A missing or empty value renders as an empty string.
/// </summary>
public abstract record TemplateValue
{
    public static TemplateValue Empty { get; } = new TextValue(string.Empty);

    public abstract string Format(CultureInfo culture);

    public static TemplateValue Text(string? text) => new TextValue(text ?? string.Empty);

    public static TemplateValue Money(decimal amount, string currency) => new MoneyValue(amount, currency);

    public static TemplateValue Number(decimal number) => new NumberValue(number);

    public static TemplateValue Date(DateTimeOffset date, TimeZoneInfo zone) => new DateValue(TimeZoneInfo.ConvertTime(date, zone));

    private sealed record TextValue(string Value) : TemplateValue
    {
        public override string Format(CultureInfo culture) => Value;
    }

    private sealed record MoneyValue(decimal Amount, string Currency) : TemplateValue
    {
        public override string Format(CultureInfo culture) => string.Create(culture, $"{Amount:N2} {Currency}");
    }

    private sealed record NumberValue(decimal Value) : TemplateValue
    {
        public override string Format(CultureInfo culture) => Value.ToString("0.##########", culture);
    }

    private sealed record DateValue(DateTimeOffset Value) : TemplateValue
    {
        public override string Format(CultureInfo culture) => Value.ToString("d", culture);
    }
}
