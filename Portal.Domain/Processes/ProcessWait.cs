using System.Globalization;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>What a "Wait" activity waits for.</summary>
public enum WaitMode
{
    /// <summary>A fixed time: <see cref="ProcessWait.Amount"/> <see cref="ProcessWait.Unit"/>s.</summary>
    Duration,

    /// <summary>A date of the record (or a variable), moved by <see cref="ProcessWait.Amount"/> <see cref="ProcessWait.Unit"/>s (negative: before it).</summary>
    UntilDate,

    /// <summary>Until the record's stage (a lead's status) is no longer the one it had when the wait began.</summary>
    StageChange,
}

/// <summary>The unit of a wait's amount.</summary>
public enum WaitUnit
{
    Minutes,
    Hours,
    Days,
}

/// <summary>
/// The "Wait" activity (<see cref="ProcessActivities.Wait"/>). Its values, all strings:
/// <list type="bullet">
/// <item><c>Mode</c>: <c>Duration</c>, <c>UntilDate</c> or <c>StageChange</c> (<see cref="WaitMode"/>).</item>
/// <item><c>Amount</c>: a whole number written invariantly. For a duration, how long (1 or more); for a date, the offset
/// from it (<c>-2</c>: two units before the date; empty: the date itself). Unused for a stage change.</item>
/// <item><c>Unit</c>: <c>Minutes</c>, <c>Hours</c> or <c>Days</c> (<see cref="WaitUnit"/>).</item>
/// <item><c>Date</c>: for <c>UntilDate</c>, one placeholder of a date field the catalogue knows, or a date variable:
/// <c>{{Deal.CreatedAt}}</c>, <c>{{Document.CreatedAt}}</c>, <c>{{Variables.Due}}</c>.</item>
/// </list>
/// For example <c>{"Mode":"UntilDate","Date":"{{Variables.Due}}","Amount":"-1","Unit":"Days"}</c>: a day before the due date.
/// The moment to go on is computed once, when the wait begins, and kept on the instance (<see cref="ProcessInstance.ResumeAt"/>).
/// </summary>
public static class ProcessWait
{
    public const string Mode = "Mode";
    public const string Amount = "Amount";
    public const string Unit = "Unit";
    public const string Date = "Date";

    /// <summary>The longest a wait may be, in days (about ten years): anything longer is a mistake, and would overflow dates.</summary>
    public const int MaxDays = 3660;

    public static ProcessActivity New(WaitMode mode, int? amount = null, WaitUnit unit = WaitUnit.Days, string? date = null) => new(
        ProcessActivities.Wait,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Mode] = mode.ToString(),
            [Amount] = amount?.ToString(CultureInfo.InvariantCulture),
            [Unit] = unit.ToString(),
            [Date] = date,
        });

    public static WaitMode? ModeOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Enum.TryParse<WaitMode>(activity.Value(Mode), out var mode) && Enum.IsDefined(mode) ? mode : null;
    }

    public static WaitUnit? UnitOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Enum.TryParse<WaitUnit>(activity.Value(Unit), out var unit) && Enum.IsDefined(unit) ? unit : null;
    }

    /// <summary>The amount (0 when empty); null when it is no whole number.</summary>
    public static int? AmountOf(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Value(Amount)?.Trim();
        return string.IsNullOrEmpty(text) ? 0
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) ? amount : null;
    }

    /// <summary>
    /// When a wait that begins <paramref name="now"/> ends; null for a stage change (no moment) or a date the record does
    /// not have (an empty field), which goes on at once.
    /// </summary>
    public static DateTimeOffset? ResumeAt(ProcessActivity activity, IReadOnlyDictionary<string, TemplateValue> context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        var amount = AmountOf(activity) ?? 0;
        var unit = UnitOf(activity) ?? WaitUnit.Days;
        return ModeOf(activity) switch
        {
            WaitMode.Duration => now + Span(amount, unit),
            WaitMode.UntilDate when ProcessOperands.Resolve(activity.Value(Date), context)?.AsDate is { } date => date + Span(amount, unit),
            _ => null,
        };
    }

    /// <summary>What is wrong with a wait at <paramref name="field"/>, whose placeholders are <paramref name="kinds"/>.</summary>
    public static IEnumerable<ProcessProblem> Problems(ProcessActivity activity, string field, IReadOnlyDictionary<string, FieldKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(kinds);
        if (ModeOf(activity) is not { } mode)
        {
            yield return new($"{field}.{Mode}", ProcessErrors.WaitModeInvalid);
            yield break;
        }

        if (mode == WaitMode.StageChange)
        {
            // Only a deal's stage and a lead's status change; the record's own stage field is what the wait watches.
            if (kinds.GetValueOrDefault(ProcessFields.DocumentPrefix + "Stage") != FieldKind.Stage && kinds.GetValueOrDefault(ProcessFields.DocumentPrefix + "Status") != FieldKind.Stage)
            {
                yield return new($"{field}.{Mode}", ProcessErrors.WaitNoStages);
            }

            yield break;
        }

        var amount = AmountOf(activity);
        var unit = UnitOf(activity);
        if (unit is null)
        {
            yield return new($"{field}.{Unit}", ProcessErrors.WaitAmountInvalid);
        }
        else if (amount is null || Math.Abs((long)amount.Value) * Span(1, unit.Value).TotalMinutes > TimeSpan.FromDays(MaxDays).TotalMinutes
            || (mode == WaitMode.Duration && amount <= 0))
        {
            yield return new($"{field}.{Amount}", ProcessErrors.WaitAmountInvalid);
        }

        if (mode == WaitMode.UntilDate)
        {
            var name = ProcessOperands.PlaceholderOf(activity.Value(Date));
            if (name is null || !kinds.TryGetValue(name, out var kind))
            {
                yield return new($"{field}.{Date}", ProcessErrors.WaitDateRequired, activity.Value(Date));
            }
            else if (kind != FieldKind.Date)
            {
                yield return new($"{field}.{Date}", ProcessErrors.WaitDateNotDate, name);
            }
        }
    }

    private static TimeSpan Span(int amount, WaitUnit unit) => unit switch
    {
        WaitUnit.Minutes => TimeSpan.FromMinutes(amount),
        WaitUnit.Hours => TimeSpan.FromHours(amount),
        _ => TimeSpan.FromDays(amount),
    };
}
