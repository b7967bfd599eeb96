using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Domain.Scenarios;

/// <summary>
/// A smart scenario: robots in order, each input bound to a fixed value, an admin setting or a launch
/// parameter. It guards its own rules (<see cref="ScenarioRules"/>) and is never active while an admin
/// setting is empty. Every save bumps <see cref="Version"/>, which runs snapshot and concurrent editors compare.
/// A deleted scenario stays for the runs that refer to it but can never run or change again.
/// </summary>
public sealed class Scenario
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    private List<ScenarioStep> _steps = [];

    private Scenario()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public CrmEntityType EntityType { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>Position in the scenario list and in the launch menu, within the entity type.</summary>
    public int SortOrder { get; private set; }

    public int Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedById { get; private set; } = string.Empty;

    public DateTimeOffset ModifiedAt { get; private set; }

    public string ModifiedById { get; private set; } = string.Empty;

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The one check every launch path makes: a deleted or inactive scenario does not run.</summary>
    public bool CanRun => IsActive && !IsDeleted;

    public IReadOnlyList<ScenarioStep> Steps => _steps;

    public ScenarioDefinition Definition => new(Name, Description, EntityType, _steps);

    public static Scenario Create(ScenarioDefinition definition, RobotCatalog catalog, string userId, DateTimeOffset now, int sortOrder = 0)
    {
        var scenario = new Scenario { CreatedAt = now, CreatedById = userId, SortOrder = sortOrder };
        scenario.Apply(definition, catalog);
        scenario.Touch(userId, now);
        return scenario;
    }

    /// <summary>Replaces everything the editor edits after checking it; an active scenario must stay complete.</summary>
    public void Update(ScenarioDefinition definition, RobotCatalog catalog, string userId, DateTimeOffset now)
    {
        EnsureNotDeleted();
        Apply(definition, catalog);
        Touch(userId, now);
    }

    /// <summary>Admin-before-launch values that are still empty, in step order.</summary>
    public IReadOnlyList<ScenarioProblem> MissingSettings() => ScenarioRules.MissingSettings(_steps);

    public void Activate(string userId, DateTimeOffset now)
    {
        EnsureNotDeleted();
        var missing = MissingSettings();
        if (missing.Count > 0)
        {
            throw ScenarioRules.SettingsMissingError(missing);
        }

        IsActive = true;
        Touch(userId, now);
    }

    public void Deactivate(string userId, DateTimeOffset now)
    {
        EnsureNotDeleted();
        IsActive = false;
        Touch(userId, now);
    }

    /// <summary>
    /// Moves the scenario in its type's list. Its position is not part of what the editor saves, so this
    /// neither bumps <see cref="Version"/> (an admin editing it meanwhile gets no conflict) nor counts as a change.
    /// </summary>
    public void Reposition(int sortOrder)
    {
        EnsureNotDeleted();
        SortOrder = sortOrder;
    }

    /// <summary>Keeps the row for the runs that refer to it; the scenario can never run again.</summary>
    public void Delete(string userId, DateTimeOffset now)
    {
        EnsureNotDeleted();
        IsActive = false;
        DeletedAt = now;
        Touch(userId, now);
    }

    /// <summary>The asked-at-launch inputs, in step order: the one list every launch path asks for.</summary>
    public IReadOnlyList<LaunchParameter> LaunchParameters(RobotCatalog catalog) => ScenarioRules.LaunchParameters(_steps, catalog);

    private void Apply(ScenarioDefinition definition, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var normalised = ScenarioRules.Normalise(definition, _steps.Select(s => s.Id).DefaultIfEmpty(0).Max());
        ScenarioRules.Check(normalised, catalog);
        if (IsActive && ScenarioRules.MissingSettings(normalised.Steps) is { Count: > 0 } missing)
        {
            throw ScenarioRules.SettingsMissingError(missing);
        }

        Name = normalised.Name;
        Description = normalised.Description;
        EntityType = normalised.EntityType;
        _steps = [.. normalised.Steps];
    }

    private void Touch(string userId, DateTimeOffset now)
    {
        ModifiedAt = now;
        ModifiedById = userId;
        Version++;
    }

    private void EnsureNotDeleted()
    {
        if (IsDeleted)
        {
            throw new ScenarioException(ScenarioException.Deleted, "This scenario was deleted.");
        }
    }
}
