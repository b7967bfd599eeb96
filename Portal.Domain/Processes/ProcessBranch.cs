namespace Portal.Domain.Processes;

/// <summary>How a branch's comparisons combine.</summary>
public enum ConditionJoin
{
    /// <summary>Every comparison holds.</summary>
    All,

    /// <summary>At least one comparison holds.</summary>
    Any,
}

/// <summary>What a comparison tests; which ones a field allows depends on its kind (<see cref="ProcessConditionRules"/>).</summary>
public enum ConditionOperator
{
    Equal,
    NotEqual,

    /// <summary>Numbers, money, dates.</summary>
    Greater,

    /// <summary>Numbers, money, dates.</summary>
    Less,

    /// <summary>Text, case-insensitively.</summary>
    Contains,
    IsEmpty,
    IsNotEmpty,

    /// <summary>A stage (a deal's stage, a lead's status) that is one of <see cref="ProcessComparison.Stages"/>.</summary>
    InStages,
    NotInStages,
}

/// <summary>
/// One branch of a condition: a test (its <see cref="Conditions"/> joined by <see cref="Join"/>) and the activities it runs.
/// A branch without conditions is the "else": it always holds, and only the last branch may be one. <see cref="Title"/> is
/// what the editor and the instance's log call it; without one, its number.
/// </summary>
public sealed record ProcessBranch(string? Title, ConditionJoin Join, IReadOnlyList<ProcessComparison> Conditions, IReadOnlyList<ProcessActivity> Activities)
{
    public bool IsElse => Conditions.Count == 0;
}

/// <summary>
/// One comparison of a branch's test. <see cref="Left"/> is one placeholder (<c>{{Deal.Amount}}</c>, <c>{{Start.Reason}}</c>,
/// <c>{{Variables.Total}}</c>); <see cref="Right"/> a value written invariantly (<c>100000.50</c>, <c>2026-12-31</c>) or one
/// placeholder; <see cref="Stages"/> the stage ids of <see cref="ConditionOperator.InStages"/> and <see cref="ConditionOperator.NotInStages"/>.
/// </summary>
public sealed record ProcessComparison(string Left, ConditionOperator Operator, string? Right = null, IReadOnlyList<int>? Stages = null);
