using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Scenarios;

namespace Portal.Features.Processes;

/// <summary>A start parameter as the template editor edits it.</summary>
public sealed class ParameterDraft
{
    public string Key { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public bool Required { get; set; }
}

/// <summary>An activity as the template editor edits it: its kind, its values by name (strings only), a condition's branches.</summary>
public sealed class ActivityDraft
{
    public required string Kind { get; init; }

    public Dictionary<string, string?> Values { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A condition's branches, each with its own activities; null for every other kind.</summary>
    public List<BranchDraft>? Branches { get; init; }

    public string? this[string name]
    {
        get => Values.GetValueOrDefault(name);
        set => Values[name] = value;
    }

    public static ActivityDraft From(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new ActivityDraft
        {
            Kind = activity.Kind,
            Values = new Dictionary<string, string?>(activity.Values, StringComparer.Ordinal),
            Branches = activity.Branches?.Select(BranchDraft.From).ToList(),
        };
    }

    /// <summary>The saved activity: empty values are left out (a required one is then reported missing).</summary>
    public ProcessActivity ToActivity() => new(
        Kind,
        Values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
        Branches?.Select(b => b.ToBranch()).ToList());

    /// <summary>This activity and every activity nested in its branches, outermost first.</summary>
    public IEnumerable<ActivityDraft> SelfAndNested() =>
        Branches is null ? [this] : [this, .. Branches.SelectMany(b => b.Activities).SelectMany(a => a.SelfAndNested())];
}

/// <summary>
/// A condition's branch as the editor edits it. Without conditions it is the "else" (<see cref="ProcessBranch.IsElse"/>),
/// so the editor keeps at least one condition in every other branch and adds the "else" only last.
/// </summary>
public sealed class BranchDraft
{
    public string? Title { get; set; }

    public ConditionJoin Join { get; set; }

    public List<ComparisonDraft> Conditions { get; init; } = [];

    public List<ActivityDraft> Activities { get; init; } = [];

    public bool IsElse => Conditions.Count == 0;

    /// <summary>An "if" or "else if" branch, with one comparison to fill in.</summary>
    public static BranchDraft NewTest() => new() { Conditions = [new ComparisonDraft()] };

    public static BranchDraft From(ProcessBranch branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return new BranchDraft
        {
            Title = branch.Title,
            Join = branch.Join,
            Conditions = branch.Conditions.Select(ComparisonDraft.From).ToList(),
            Activities = branch.Activities.Select(ActivityDraft.From).ToList(),
        };
    }

    public ProcessBranch ToBranch() => new(
        string.IsNullOrWhiteSpace(Title) ? null : Title.Trim(), Join, Conditions.Select(c => c.ToComparison()).ToList(), Activities.Select(a => a.ToActivity()).ToList());
}

/// <summary>One comparison of a branch as the editor edits it; <see cref="Stages"/> only for the stage-list operators.</summary>
public sealed class ComparisonDraft
{
    public string Left { get; set; } = string.Empty;

    public ConditionOperator Operator { get; set; }

    public string? Right { get; set; }

    public List<int> Stages { get; set; } = [];

    public bool UsesStages => Operator is ConditionOperator.InStages or ConditionOperator.NotInStages;

    public bool UsesRight => !UsesStages && Operator is not (ConditionOperator.IsEmpty or ConditionOperator.IsNotEmpty);

    public static ComparisonDraft From(ProcessComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new ComparisonDraft { Left = comparison.Left, Operator = comparison.Operator, Right = comparison.Right, Stages = comparison.Stages?.ToList() ?? [] };
    }

    /// <summary>The saved comparison: only what its operator uses.</summary>
    public ProcessComparison ToComparison() =>
        new(Left.Trim(), Operator, UsesRight && !string.IsNullOrWhiteSpace(Right) ? Right.Trim() : null, UsesStages ? Stages.ToList() : null);
}

/// <summary>The editor's working copy of a business-process template; <see cref="ToDefinition"/> is what gets saved.</summary>
public sealed class ProcessDraft
{
    public long? Id { get; init; }

    public uint Version { get; init; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public CrmEntityType EntityType { get; set; } = CrmEntityType.Deal;

    public bool IsActive { get; set; } = true;

    public bool StartsManually { get; set; } = true;

    public bool StartsOnCreate { get; set; }

    public bool StartsOnStageChange { get; set; }

    public int? StartStageId { get; set; }

    public List<ParameterDraft> Parameters { get; init; } = [];

    public List<ActivityDraft> Activities { get; init; } = [];

    public static ProcessDraft From(ProcessTemplateEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var definition = edit.Definition;
        return new ProcessDraft
        {
            Id = edit.Id,
            Version = edit.Version,
            Name = definition.Name,
            Description = definition.Description,
            EntityType = definition.EntityType,
            IsActive = definition.IsActive,
            StartsManually = definition.StartsManually,
            StartsOnCreate = definition.StartsOnCreate,
            StartsOnStageChange = definition.StartsOnStageChange,
            StartStageId = definition.StartStageId,
            Parameters = definition.Parameters.Select(p => new ParameterDraft { Key = p.Key, Name = p.Name, Required = p.Required }).ToList(),
            Activities = definition.Activities.Select(ActivityDraft.From).ToList(),
        };
    }

    /// <summary>Whether the start can be limited to one stage (deals' stages, leads' statuses).</summary>
    public bool HasStages => EntityType is CrmEntityType.Deal or CrmEntityType.Lead;

    /// <summary>
    /// What the field picker offers in an activity's values: the record's fields (as a scenario of the type has them) and the
    /// start parameters, <c>{{Start.Key}}</c>, asked when the process starts.
    /// </summary>
    public IReadOnlyList<ScenarioField> Placeholders => [.. ProcessFields.For(EntityType, StartParameters), .. Variables];

    /// <summary>Every placeholder by name with its kind, as the save checks them: what a condition's operators depend on.</summary>
    public IReadOnlyDictionary<string, FieldKind> Kinds => ProcessFields.Kinds(EntityType, StartParameters, Variables);

    /// <summary>
    /// The variables the "Set variable" activities declare, anywhere in the process (the save checks that one is set before
    /// it is used; the picker offers them all, so that a process can be written in any order).
    /// </summary>
    public IReadOnlyList<ScenarioField> Variables =>
        Activities.SelectMany(a => a.SelfAndNested())
            .Where(a => a.Kind == ProcessActivities.SetVariable && !string.IsNullOrWhiteSpace(a[ProcessActivities.VariableName]))
            .Select(a => ProcessFields.Variable(a[ProcessActivities.VariableName]!.Trim(), ProcessActivities.VariableTypeOf(a.ToActivity())))
            .DistinctBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    private IEnumerable<ProcessParameter> StartParameters => Parameters.Select(p => new ProcessParameter(p.Key, p.Name, p.Required));

    public ProcessDefinition ToDefinition() => new(
        Name,
        Description,
        EntityType,
        IsActive,
        StartsManually,
        StartsOnCreate,
        StartsOnStageChange,
        StartsOnStageChange && HasStages ? StartStageId : null,
        Parameters.Select(p => new ProcessParameter(p.Key.Trim(), p.Name.Trim(), p.Required)).ToList(),
        Activities.Select(a => a.ToActivity()).ToList());
}
