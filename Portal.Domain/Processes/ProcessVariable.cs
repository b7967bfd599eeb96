using System.Globalization;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>
/// A variable as an instance keeps it (<see cref="ProcessInstance.Variables"/>): its type and its value written invariantly
/// (a number <c>1234.5</c>, a date as an ISO 8601 moment, text as it is), so that it reads the same in every language and
/// compares by what it is. An empty value is a variable set to nothing.
/// </summary>
public sealed record ProcessVariable(VariableType Type, string Value)
{
    /// <summary>The placeholder a variable is used by: <c>Variables.Total</c>, written <c>{{Variables.Total}}</c>.</summary>
    public const string Prefix = "Variables.";

    /// <summary>What <c>{{Variables.Name}}</c> renders and compares as; dates in <paramref name="zone"/>.</summary>
    public TemplateValue ToTemplateValue(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Type switch
        {
            _ when Value.Length == 0 => TemplateValue.Empty,
            VariableType.Number when ProcessOperands.ParseNumber(Value) is { } number => TemplateValue.Number(number),
            VariableType.Date when DateTimeOffset.TryParseExact(Value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => TemplateValue.Date(date, zone),
            _ => TemplateValue.Text(Value),
        };
    }

    /// <summary>
    /// The value of a "Set variable" activity: text renders in the instance's <paramref name="culture"/>, as any activity's
    /// value does; a number or a date is the value one placeholder stands for (money's amount, a date field), or the text
    /// the expression renders read invariantly (a written day is its midnight in <paramref name="zone"/>). Null when that text
    /// is not of the type.
    /// </summary>
    public static ProcessVariable? Compute(
        VariableType type, string? expression, IReadOnlyDictionary<string, TemplateValue> context, CultureInfo culture, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(culture);
        ArgumentNullException.ThrowIfNull(zone);
        if (type == VariableType.Text)
        {
            return new(type, Render(expression, context, culture));
        }

        var value = ProcessOperands.PlaceholderOf(expression) is { } name
            ? context.GetValueOrDefault(name) ?? TemplateValue.Empty
            : TemplateValue.Text(Render(expression, context, CultureInfo.InvariantCulture));
        if (string.IsNullOrWhiteSpace(value.Format(CultureInfo.InvariantCulture)))
        {
            return new(type, string.Empty);
        }

        if (type == VariableType.Number)
        {
            // Without trailing zeros: a stored amount of 1234.50 is the number 1234.5.
            return ProcessOperands.Number(value) is { } number ? new(type, number.ToString("0.############################", CultureInfo.InvariantCulture)) : null;
        }

        if (value.AsDate is { } date)
        {
            return new(type, date.ToString("O", CultureInfo.InvariantCulture));
        }

        if (ProcessOperands.ParseDay(value.Format(CultureInfo.InvariantCulture)) is not { } day)
        {
            return null;
        }

        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new(type, new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToString("O", CultureInfo.InvariantCulture));
    }

    private static string Render(string? expression, IReadOnlyDictionary<string, TemplateValue> context, CultureInfo culture) =>
        string.IsNullOrEmpty(expression) ? string.Empty : TemplateRenderer.Render(Template.Parse(expression), context, culture);
}
