using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>
/// What a condition and a "Set variable" activity must be to be saved. Typed: a comparison that could not be evaluated (a
/// number against text, "greater" on text, a stage list on a field that is no stage) is refused here, on the comparison's own
/// field (<c>Activity.2.Branch.1.Condition.3</c>), never left to fail at run time.
/// </summary>
public static class ProcessConditionRules
{
    /// <summary>What values compare as.</summary>
    private enum Comparand
    {
        Text,
        Number,
        Date,
        Stage,
    }

    /// <summary>The problems of a condition at <paramref name="field"/>, whose placeholders are <paramref name="kinds"/>.</summary>
    public static IEnumerable<ProcessProblem> ConditionProblems(ProcessActivity condition, string field, IReadOnlyDictionary<string, FieldKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(kinds);
        var branches = ProcessActivities.BranchesOf(condition);
        if (!branches.Any(b => !b.IsElse))
        {
            yield return new(field, ProcessErrors.ConditionWithoutTest);
        }

        for (var b = 0; b < branches.Count; b++)
        {
            var branchField = ProcessPlan.BranchField(field, b);
            if (branches[b].IsElse && b < branches.Count - 1)
            {
                yield return new(branchField, ProcessErrors.ElseNotLast);
            }

            for (var c = 0; c < branches[b].Conditions.Count; c++)
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{branchField}.Condition.{c + 1}");
                if (ComparisonProblem(branches[b].Conditions[c], kinds) is { } problem)
                {
                    yield return new(where, problem.Code, problem.Detail);
                }
            }
        }
    }

    /// <summary>The problems of a "Set variable" activity's type and value (its name is checked with the other variables).</summary>
    public static IEnumerable<ProcessProblem> VariableProblems(ProcessActivity activity, string field, IReadOnlyDictionary<string, FieldKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(kinds);
        var typeText = activity.Value(ProcessActivities.VariableTypeValue);
        if (typeText is not null && !(Enum.TryParse<VariableType>(typeText, out var declared) && Enum.IsDefined(declared)))
        {
            yield return new($"{field}.{ProcessActivities.VariableTypeValue}", ErrorCodes.ParameterInvalid, ProcessActivities.VariableTypeValue);
            yield break;
        }

        var expression = activity.Value(ProcessActivities.VariableValue);
        var type = ProcessActivities.VariableTypeOf(activity);
        var valueField = $"{field}.{ProcessActivities.VariableValue}";
        if (string.IsNullOrWhiteSpace(expression))
        {
            yield return new(valueField, ErrorCodes.ParameterMissing, ProcessActivities.VariableValue);
        }
        else if (type != VariableType.Text && Template.Parse(expression).Errors.Count == 0)
        {
            var wanted = type == VariableType.Number ? Comparand.Number : Comparand.Date;
            var fits = ProcessOperands.PlaceholderOf(expression) is { } name
                ? !kinds.TryGetValue(name, out var kind) || Of(kind) == wanted || kind == FieldKind.Text
                : Template.Parse(expression).Placeholders.Any() || Reads(expression, wanted);
            if (!fits)
            {
                yield return new(valueField, ProcessErrors.TypeMismatch, type.ToString());
            }
        }
    }

    /// <summary>The operators that apply to a field of <paramref name="kind"/>, in the order an editor offers them.</summary>
    public static IReadOnlyList<ConditionOperator> OperatorsFor(FieldKind kind) =>
        Enum.GetValues<ConditionOperator>().Where(op => Allows(Of(kind), op)).ToList();

    private static (string Code, string? Detail)? ComparisonProblem(ProcessComparison comparison, IReadOnlyDictionary<string, FieldKind> kinds)
    {
        if (ProcessOperands.PlaceholderOf(comparison.Left) is not { } left || !kinds.TryGetValue(left, out var leftKind))
        {
            return (ProcessErrors.UnknownField, comparison.Left);
        }

        var comparand = Of(leftKind);
        if (!Enum.IsDefined(comparison.Operator) || !Allows(comparand, comparison.Operator))
        {
            return (ProcessErrors.OperatorMismatch, comparison.Operator.ToString());
        }

        switch (comparison.Operator)
        {
            case ConditionOperator.IsEmpty or ConditionOperator.IsNotEmpty:
                return null;
            case ConditionOperator.InStages or ConditionOperator.NotInStages:
                return comparison.Stages is { Count: > 0 } stages && stages.All(s => s > 0) ? null : (ProcessErrors.StagesRequired, null);
        }

        var right = comparison.Right;
        if (string.IsNullOrWhiteSpace(right))
        {
            return (ProcessErrors.ComparisonValueRequired, null);
        }

        var template = Template.Parse(right);
        if (template.Errors.Count > 0)
        {
            return (ErrorCodes.ParameterInvalid, right);
        }

        if (ProcessOperands.PlaceholderOf(right) is { } name)
        {
            if (!kinds.TryGetValue(name, out var rightKind))
            {
                return (ProcessErrors.UnknownField, right);
            }

            return comparand is Comparand.Number or Comparand.Date && Of(rightKind) != comparand ? (ProcessErrors.TypeMismatch, comparand.ToString()) : null;
        }

        // Written text with placeholders in it reads as text; a number or a date must be one placeholder or written out.
        var fits = comparand is Comparand.Text or Comparand.Stage || (!template.Placeholders.Any() && Reads(right, comparand));
        return fits ? null : (ProcessErrors.TypeMismatch, comparand.ToString());
    }

    private static bool Reads(string text, Comparand comparand) => comparand switch
    {
        Comparand.Number => ProcessOperands.ParseNumber(text) is not null,
        Comparand.Date => ProcessOperands.ParseDay(text) is not null,
        _ => true,
    };

    private static Comparand Of(FieldKind kind) => kind switch
    {
        FieldKind.Money or FieldKind.Number => Comparand.Number,
        FieldKind.Date => Comparand.Date,
        FieldKind.Stage => Comparand.Stage,
        _ => Comparand.Text,
    };

    private static bool Allows(Comparand comparand, ConditionOperator op) => op switch
    {
        ConditionOperator.Greater or ConditionOperator.Less => comparand is Comparand.Number or Comparand.Date,
        ConditionOperator.Contains => comparand is Comparand.Text or Comparand.Stage,
        ConditionOperator.InStages or ConditionOperator.NotInStages => comparand == Comparand.Stage,
        _ => true,
    };
}
