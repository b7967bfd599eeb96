using System.Globalization;
using System.Text;
using Portal.Domain.Crm;

namespace Portal.Domain.Rights;

/// <summary>
/// Which records a rule lets through, in a form both C# (<see cref="Allows"/>) and the database
/// queries (translated to SQL by the host) can apply.
/// </summary>
public sealed record AccessRule
{
    private AccessRule(AccessKind kind, string? userId, IReadOnlySet<int> departmentIds)
    {
        Kind = kind;
        UserId = userId;
        DepartmentIds = departmentIds;
    }

    public enum AccessKind
    {
        Nothing,
        Own,
        Departments,
        Everything,
    }

    public static AccessRule Nothing { get; } = new(AccessKind.Nothing, null, new HashSet<int>());

    public static AccessRule Everything { get; } = new(AccessKind.Everything, null, new HashSet<int>());

    public AccessKind Kind { get; }

    /// <summary>For <see cref="AccessKind.Own"/>: the user who must be responsible.</summary>
    public string? UserId { get; }

    /// <summary>For <see cref="AccessKind.Departments"/>: the departments the responsible user must be in.</summary>
    public IReadOnlySet<int> DepartmentIds { get; }

    public static AccessRule Own(string userId) => new(AccessKind.Own, userId, new HashSet<int>());

    public static AccessRule InDepartments(IReadOnlySet<int> departmentIds) =>
        departmentIds.Count == 0 ? Nothing : new(AccessKind.Departments, null, departmentIds);

    /// <summary>Rules are values: two rules letting through the same departments are equal, whatever set holds them.</summary>
    public bool Equals(AccessRule? other) =>
        other is not null
        && Kind == other.Kind
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && DepartmentIds.SetEquals(other.DepartmentIds);

    public override int GetHashCode() => HashCode.Combine(Kind, UserId, DepartmentIds.Count);

    /// <summary>Whether one record passes, given its responsible user and that user's department.</summary>
    public bool Allows(string responsibleId, int? responsibleDepartmentId) => Kind switch
    {
        AccessKind.Everything => true,
        AccessKind.Own => string.Equals(responsibleId, UserId, StringComparison.Ordinal),
        AccessKind.Departments => responsibleDepartmentId is { } department && DepartmentIds.Contains(department),
        _ => false,
    };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Kind = {Kind}, UserId = {UserId}, DepartmentIds = [{string.Join(", ", DepartmentIds.Order())}]");
        return true;
    }
}

/// <summary>
/// A user's effective CRM rights: the widest scope any of their CRM roles gives for each entity type
/// and action; an administrator has everything. Built once per request or job from the database.
/// </summary>
public sealed class UserRights
{
    private readonly Dictionary<(CrmEntityType, CrmAction), RightScope> _scopes;

    public UserRights(string userId, int? departmentId, bool isAdministrator, IEnumerable<CrmRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        UserId = userId;
        DepartmentId = departmentId;
        IsAdministrator = isAdministrator;
        var held = roles.ToList();
        _scopes = held
            .SelectMany(r => r.Rights)
            .GroupBy(p => (p.EntityType, p.Action))
            .ToDictionary(g => g.Key, g => g.Max(p => p.Scope));
        MayManageScenarios = isAdministrator || held.Any(r => r.ManagesScenarios);
    }

    public string UserId { get; }

    public int? DepartmentId { get; }

    public bool IsAdministrator { get; }

    /// <summary>Administrators, and users holding a CRM role that allows it, build smart scenarios.</summary>
    public bool MayManageScenarios { get; }

    public RightScope ScopeFor(CrmEntityType type, CrmAction action) =>
        IsAdministrator ? RightScope.All : _scopes.GetValueOrDefault((type, action), RightScope.None);

    public bool HasAny(CrmEntityType type, CrmAction action) => ScopeFor(type, action) != RightScope.None;

    /// <summary>The rule for an entity type and action; the department tree resolves department scopes.</summary>
    public AccessRule RuleFor(CrmEntityType type, CrmAction action, DepartmentTree departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        return ScopeFor(type, action) switch
        {
            RightScope.All => AccessRule.Everything,
            RightScope.Own => AccessRule.Own(UserId),
            RightScope.Department when DepartmentId is { } own => AccessRule.InDepartments(new HashSet<int> { own }),
            RightScope.DepartmentAndSubdepartments when DepartmentId is { } own => AccessRule.InDepartments(departments.SelfAndDescendants(own)),

            // A user outside any department still sees their own records with a department scope.
            RightScope.Department or RightScope.DepartmentAndSubdepartments => AccessRule.Own(UserId),
            _ => AccessRule.Nothing,
        };
    }
}
