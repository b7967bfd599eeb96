namespace Portal.Domain.Security;

/// <summary>
/// The portal roles one user holds and what they allow: the one place that says who is an administrator, who reads
/// everything, and which areas a user may use, whether the roles came from a sign-in's claims or from the database.
/// </summary>
public sealed class PortalRoleSet
{
    private readonly string[] _roles;

    public PortalRoleSet(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = roles.ToArray();
    }

    public IReadOnlyList<string> Names => _roles;

    public bool IsAdministrator => Has(PortalRoles.Administrator);

    /// <summary>Administrators and support staff read every run and message; others read their own.</summary>
    public bool ReadsEverything => IsAdministrator || Has(PortalRoles.Support);

    /// <summary>Whether the navigation shows the area and its pages let the user in (<see cref="AreaAccess"/>).</summary>
    public bool CanUse(PortalArea area) => AreaAccess.CanUse(_roles, area);

    private bool Has(string role) => _roles.Contains(role, StringComparer.Ordinal);
}
