using System.Globalization;

namespace Portal.Domain.Scenarios.Templates;

/// <summary>
/// A value a placeholder stands for, typed so that it is formatted for the reader: money with the
/// culture's digits and its currency, dates in the culture's short form, numbers without noise.
/// A missing or empty value renders as an empty string. A process condition compares values by what they are, not by
/// how they read: <see cref="AsNumber"/>, <see cref="AsDate"/> and <see cref="AsStage"/>.
/// </summary>
public abstract record TemplateValue
{
    public static TemplateValue Empty { get; } = new TextValue(string.Empty);

    /// <summary>The number it stands for (a number, or money's amount); null for anything else.</summary>
    public virtual decimal? AsNumber => null;

    /// <summary>The moment it stands for, in the portal's time zone; null for anything else.</summary>
    public virtual DateTimeOffset? AsDate => null;

    /// <summary>The stage (a deal's stage, a lead's status) it stands for; null for anything else.</summary>
    public virtual int? AsStage => null;

    public abstract string Format(CultureInfo culture);

    public static TemplateValue Text(string? text) => new TextValue(text ?? string.Empty);

    public static TemplateValue Money(decimal amount, string currency) => new MoneyValue(amount, currency);

    public static TemplateValue Number(decimal number) => new NumberValue(number);

    public static TemplateValue Date(DateTimeOffset date, TimeZoneInfo zone) => new DateValue(TimeZoneInfo.ConvertTime(date, zone));

    /// <summary>A stage or status: it reads as its name, a condition tests it by id.</summary>
    public static TemplateValue Stage(int id, string? name) => new StageValue(id, name ?? string.Empty);

    private sealed record TextValue(string Value) : TemplateValue
    {
        public override string Format(CultureInfo culture) => Value;
    }

    private sealed record MoneyValue(decimal Amount, string Currency) : TemplateValue
    {
        public override decimal? AsNumber => Amount;

        public override string Format(CultureInfo culture) => string.Create(culture, $"{Amount:N2} {Currency}");
    }

    private sealed record NumberValue(decimal Value) : TemplateValue
    {
        public override decimal? AsNumber => Value;

        public override string Format(CultureInfo culture) => Value.ToString("0.##########", culture);
    }

    private sealed record DateValue(DateTimeOffset Value) : TemplateValue
    {
        public override DateTimeOffset? AsDate => Value;

        public override string Format(CultureInfo culture) => Value.ToString("d", culture);
    }

    private sealed record StageValue(int Id, string Name) : TemplateValue
    {
        public override int? AsStage => Id;

        public override string Format(CultureInfo culture) => Name;
    }
}
