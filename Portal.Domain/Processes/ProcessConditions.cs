using System.Globalization;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>
/// Decides a condition's branch against the values an instance sees (its record's fields, start parameters, variables).
/// Pure, so that a decision can be explained and tested without a database.
/// <para>
/// A value compares by what it is: a number or money by amount, a date by its calendar day in the portal's time zone, a
/// stage by id (for <see cref="ConditionOperator.InStages"/>) or by name, anything else as text, case-insensitively. A
/// written value is read invariantly (<c>100000.50</c>, <c>2026-12-31</c>), whatever the instance's language. A missing or
/// unreadable value equals nothing, is greater or less than nothing, contains nothing and is in no stage; each negation
/// (<see cref="ConditionOperator.NotEqual"/>, <see cref="ConditionOperator.IsNotEmpty"/>,
/// <see cref="ConditionOperator.NotInStages"/>) is exactly the opposite of its positive.
/// </para>
/// </summary>
public static class ProcessConditions
{
    /// <summary>The first branch whose test holds (the "else" always does); null when none does.</summary>
    public static int? Choose(IReadOnlyList<ProcessBranch> branches, IReadOnlyDictionary<string, TemplateValue> context)
    {
        ArgumentNullException.ThrowIfNull(branches);
        for (var i = 0; i < branches.Count; i++)
        {
            if (Holds(branches[i], context))
            {
                return i;
            }
        }

        return null;
    }

    public static bool Holds(ProcessBranch branch, IReadOnlyDictionary<string, TemplateValue> context)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return branch.IsElse
            || (branch.Join == ConditionJoin.Any ? branch.Conditions.Any(c => Holds(c, context)) : branch.Conditions.All(c => Holds(c, context)));
    }

    public static bool Holds(ProcessComparison comparison, IReadOnlyDictionary<string, TemplateValue> context)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(context);
        var left = ProcessOperands.Resolve(comparison.Left, context);
        return comparison.Operator switch
        {
            ConditionOperator.IsEmpty => IsEmpty(left),
            ConditionOperator.IsNotEmpty => !IsEmpty(left),
            ConditionOperator.InStages => InStages(left, comparison.Stages),
            ConditionOperator.NotInStages => !InStages(left, comparison.Stages),
            ConditionOperator.Equal => Compare(left, comparison.Right, context) == 0,
            ConditionOperator.NotEqual => Compare(left, comparison.Right, context) != 0,
            ConditionOperator.Greater => Compare(left, comparison.Right, context) > 0,
            ConditionOperator.Less => Compare(left, comparison.Right, context) < 0,
            ConditionOperator.Contains => Contains(left, comparison.Right, context),
            _ => false,
        };
    }

    private static bool IsEmpty(TemplateValue? value) => value is null || string.IsNullOrWhiteSpace(value.Format(CultureInfo.InvariantCulture));

    private static bool InStages(TemplateValue? value, IReadOnlyList<int>? stages) =>
        value?.AsStage is { } stage && stages is not null && stages.Contains(stage);

    /// <summary>The order of the two values, by the left one's kind; null when they cannot be compared (one is missing or unreadable).</summary>
    private static int? Compare(TemplateValue? left, string? rightExpression, IReadOnlyDictionary<string, TemplateValue> context)
    {
        var right = ProcessOperands.Resolve(rightExpression, context);
        if (IsEmpty(left) || IsEmpty(right))
        {
            return null;
        }

        if (left!.AsNumber is { } number)
        {
            return ProcessOperands.Number(right!) is { } other ? number.CompareTo(other) : null;
        }

        if (left.AsDate is { } date)
        {
            return ProcessOperands.Day(right!) is { } other ? DateOnly.FromDateTime(date.DateTime).CompareTo(other) : null;
        }

        return string.Equals(Text(left), Text(right!), StringComparison.OrdinalIgnoreCase) ? 0 : null;
    }

    private static bool Contains(TemplateValue? left, string? rightExpression, IReadOnlyDictionary<string, TemplateValue> context)
    {
        var right = ProcessOperands.Resolve(rightExpression, context);
        return !IsEmpty(left) && !IsEmpty(right) && Text(left!).Contains(Text(right!), StringComparison.OrdinalIgnoreCase);
    }

    private static string Text(TemplateValue value) => value.Format(CultureInfo.InvariantCulture).Trim();
}

/// <summary>
/// The two sides of a comparison, and a variable's value: one placeholder (<c>{{Deal.Amount}}</c>) stands for its value as
/// the instance sees it; anything else is a written value, read invariantly.
/// </summary>
public static class ProcessOperands
{
    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static readonly string[] MomentFormats = ["O", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz"];

    /// <summary>The name of the one placeholder <paramref name="expression"/> is (spaces around it aside); null when it is anything else.</summary>
    public static string? PlaceholderOf(string? expression)
    {
        var template = Template.Parse(expression?.Trim());
        return template.Errors.Count == 0 && template.Segments is [PlaceholderSegment only] ? only.Name : null;
    }

    /// <summary>What <paramref name="expression"/> stands for: a placeholder's value (null when the instance has none), or the written text.</summary>
    public static TemplateValue? Resolve(string? expression, IReadOnlyDictionary<string, TemplateValue> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        return PlaceholderOf(expression) is { } name ? context.GetValueOrDefault(name) : TemplateValue.Text(expression.Trim());
    }

    /// <summary>A number written invariantly: <c>100000</c>, <c>-12.5</c> (no thousands separators, which differ by language).</summary>
    public static decimal? ParseNumber(string? text) =>
        decimal.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>A day written invariantly: <c>2026-12-31</c>, or an ISO 8601 moment (<c>2026-12-31T10:00:00+03:00</c>), whose own day it is.</summary>
    public static DateOnly? ParseDay(string? text)
    {
        var trimmed = text?.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        return DateTimeOffset.TryParseExact(trimmed, MomentFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? DateOnly.FromDateTime(moment.DateTime)
            : null;
    }

    /// <summary>The value as a number: its own (money's amount), or its text read invariantly.</summary>
    public static decimal? Number(TemplateValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsNumber ?? ParseNumber(value.Format(CultureInfo.InvariantCulture));
    }

    /// <summary>The value as a calendar day: its own date's day, or its text read invariantly.</summary>
    public static DateOnly? Day(TemplateValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsDate is { } date ? DateOnly.FromDateTime(date.DateTime) : ParseDay(value.Format(CultureInfo.InvariantCulture));
    }
}
