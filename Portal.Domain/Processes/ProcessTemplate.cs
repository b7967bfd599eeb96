using Portal.Domain.Crm;

namespace Portal.Domain.Processes;

/// <summary>
/// A business-process template of one entity type: how it starts (by hand from the card, when a record is created,
/// when its stage changes, optionally to one stage), the start parameters asked when started by hand, and the
/// ordered activities. Instances take a snapshot of the activities when they start.
/// </summary>
public sealed class ProcessTemplate
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    private List<ProcessActivity> _activities = [];
    private List<ProcessParameter> _parameters = [];

    private ProcessTemplate()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public CrmEntityType EntityType { get; private set; }

    public bool IsActive { get; private set; }

    public bool StartsManually { get; private set; }

    public bool StartsOnCreate { get; private set; }

    public bool StartsOnStageChange { get; private set; }

    /// <summary>With <see cref="StartsOnStageChange"/>: only a change to this stage (a deal stage or a lead status); null: any change.</summary>
    public int? StartStageId { get; private set; }

    public IReadOnlyList<ProcessParameter> Parameters => _parameters;

    public IReadOnlyList<ProcessActivity> Activities => _activities;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ModifiedAt { get; private set; }

    public string ModifiedById { get; private set; } = string.Empty;

    /// <summary>The row version (PostgreSQL xmin): a second editor cannot overwrite a newer copy.</summary>
    public uint Version { get; private set; }

    public static ProcessTemplate Create(ProcessDefinition definition, Robots.RobotCatalog robots, string userId, DateTimeOffset now)
    {
        var template = new ProcessTemplate { CreatedAt = now };
        template.Apply(definition, robots, userId, now);
        return template;
    }

    /// <summary>Replaces everything with the definition; the caller has checked <see cref="ProcessRules.Problems"/>.</summary>
    public void Apply(ProcessDefinition definition, Robots.RobotCatalog robots, string userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (ProcessRules.Problems(definition, robots).Count > 0)
        {
            throw new InvalidOperationException("A process definition with problems is not saved.");
        }

        Name = definition.Name.Trim();
        Description = string.IsNullOrWhiteSpace(definition.Description) ? null : definition.Description.Trim();
        EntityType = definition.EntityType;
        IsActive = definition.IsActive;
        StartsManually = definition.StartsManually;
        StartsOnCreate = definition.StartsOnCreate;
        StartsOnStageChange = definition.StartsOnStageChange;
        StartStageId = definition.StartsOnStageChange ? definition.StartStageId : null;
        _parameters = definition.Parameters.ToList();
        _activities = definition.Activities.ToList();
        ModifiedAt = now;
        ModifiedById = userId;
    }

    public ProcessDefinition Definition => new(
        Name, Description, EntityType, IsActive, StartsManually, StartsOnCreate, StartsOnStageChange, StartStageId, _parameters, _activities);
}

/// <summary>What an administrator edits: the whole template at once.</summary>
public sealed record ProcessDefinition(
    string Name,
    string? Description,
    CrmEntityType EntityType,
    bool IsActive,
    bool StartsManually,
    bool StartsOnCreate,
    bool StartsOnStageChange,
    int? StartStageId,
    IReadOnlyList<ProcessParameter> Parameters,
    IReadOnlyList<ProcessActivity> Activities);

/// <summary>A start parameter of a template, asked when it is started by hand; <c>{{Start.Key}}</c> in the activities.</summary>
public sealed record ProcessParameter(string Key, string Name, bool Required);

/// <summary>
/// One activity: <see cref="Kind"/> is <see cref="ProcessActivities.StartScenario"/>, <see cref="ProcessActivities.SetVariable"/>,
/// <see cref="ProcessActivities.Condition"/> or the key of a robot that works in processes, and <see cref="Values"/> its
/// settings by name, each a value or an expression over the document (<c>{{Document.Title}}</c>, <c>{{Deal.Amount}}</c>,
/// <c>{{Start.Key}}</c>, <c>{{Variables.Name}}</c>). A condition holds its <see cref="Branches"/> (null for every other
/// kind, and then left out of the stored JSON, so templates saved before conditions existed read as they were).
/// </summary>
public sealed record ProcessActivity(string Kind, IReadOnlyDictionary<string, string?> Values, IReadOnlyList<ProcessBranch>? Branches = null)
{
    public string? Value(string name) => Values.GetValueOrDefault(name);
}
