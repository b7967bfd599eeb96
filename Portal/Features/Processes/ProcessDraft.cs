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

/// <summary>An activity as the template editor edits it: its kind and its values by name (strings only).</summary>
public sealed class ActivityDraft
{
    public required string Kind { get; init; }

    public Dictionary<string, string?> Values { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A condition's branches, kept as they are so that saving from the editor never drops them.</summary>
    public IReadOnlyList<ProcessBranch>? Branches { get; init; }

    public string? this[string name]
    {
        get => Values.GetValueOrDefault(name);
        set => Values[name] = value;
    }

    public static ActivityDraft From(ProcessActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new ActivityDraft { Kind = activity.Kind, Values = new Dictionary<string, string?>(activity.Values, StringComparer.Ordinal), Branches = activity.Branches };
    }

    /// <summary>The saved activity: empty values are left out (a required one is then reported missing).</summary>
    public ProcessActivity ToActivity() =>
        new(Kind, Values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), Branches);
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
    public IReadOnlyList<ScenarioField> Placeholders =>
        ProcessFields.For(EntityType, Parameters.Select(p => new ProcessParameter(p.Key, p.Name, p.Required)));

    public void Move(ActivityDraft activity, int by)
    {
        var from = Activities.IndexOf(activity);
        var to = from + by;
        if (from < 0 || to < 0 || to >= Activities.Count)
        {
            return;
        }

        Activities.RemoveAt(from);
        Activities.Insert(to, activity);
    }

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
