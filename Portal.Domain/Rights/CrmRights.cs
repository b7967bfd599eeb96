using Portal.Domain.Crm;

namespace Portal.Domain.Rights;

/// <summary>What a user wants to do with CRM records. Automation = run smart scenarios and business processes.</summary>
public enum CrmAction
{
    Read,
    Add,
    Edit,
    Delete,
    Export,
    Automation,
}

/// <summary>How far a right reaches, from nothing to everything; a wider scope includes the narrower ones.</summary>
public enum RightScope
{
    None = 0,

    /// <summary>Records the user is responsible for.</summary>
    Own = 1,

    /// <summary>Records whose responsible user is in the user's department.</summary>
    Department = 2,

    /// <summary>Records whose responsible user is in the user's department or any department below it.</summary>
    DepartmentAndSubdepartments = 3,

    All = 4,
}

/// <summary>One cell of a CRM role's matrix.</summary>
public sealed record CrmRight(CrmEntityType EntityType, CrmAction Action, RightScope Scope);

/// <summary>A CRM role: for each entity type and action, a scope. Users get one or more.</summary>
public sealed class CrmRole
{
    public const int NameMaxLength = 100;

    private readonly List<CrmRight> _rights = [];

    private CrmRole()
    {
    }

    public CrmRole(string name)
    {
        Rename(name);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public IReadOnlyList<CrmRight> Rights => _rights;

    /// <summary>Whether the role's users may create, change and delete smart scenarios (administrators always may).</summary>
    public bool ManagesScenarios { get; private set; }

    public void AllowScenarioManagement(bool allowed) => ManagesScenarios = allowed;

    public void Rename(string name) => Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);

    public RightScope ScopeFor(CrmEntityType type, CrmAction action) =>
        _rights.FirstOrDefault(p => p.EntityType == type && p.Action == action)?.Scope ?? RightScope.None;

    public void Grant(CrmEntityType type, CrmAction action, RightScope scope)
    {
        _rights.RemoveAll(p => p.EntityType == type && p.Action == action);
        if (scope != RightScope.None)
        {
            _rights.Add(new CrmRight(type, action, scope));
        }
    }

    /// <summary>Sets the same scope for every action on every entity type.</summary>
    public void GrantEverywhere(RightScope scope, params CrmAction[] actions)
    {
        foreach (var type in Enum.GetValues<CrmEntityType>())
        {
            foreach (var action in actions.Length == 0 ? Enum.GetValues<CrmAction>() : actions)
            {
                Grant(type, action, scope);
            }
        }
    }
}
