namespace Portal.Domain.Security;

/// <summary>
/// Which portal role may use which area. The navigation shows exactly these areas and the server
/// enforces the same table through authorization policies.
/// </summary>
public static class AreaAccess
{
    private static readonly Dictionary<PortalArea, string[]> RolesByArea = new()
    {
        [PortalArea.Crm] = [PortalRoles.Administrator, PortalRoles.Manager],
        [PortalArea.Scenarios] = [PortalRoles.Administrator, PortalRoles.Manager],
        [PortalArea.Runs] = [PortalRoles.Administrator, PortalRoles.Manager, PortalRoles.Support],
        [PortalArea.BusinessProcesses] = [PortalRoles.Administrator],
        [PortalArea.Settings] = [PortalRoles.Administrator],
        [PortalArea.Scheduler] = [PortalRoles.Administrator],
    };

    /// <summary>The roles allowed in an area.</summary>
    public static IReadOnlyList<string> RolesFor(PortalArea area) => RolesByArea[area];

    /// <summary>True when any of the user's roles may use the area.</summary>
    public static bool CanUse(IEnumerable<string> userRoles, PortalArea area)
    {
        ArgumentNullException.ThrowIfNull(userRoles);
        var allowed = RolesByArea[area];
        return userRoles.Any(role => allowed.Contains(role, StringComparer.Ordinal));
    }

    /// <summary>The name of the authorization policy guarding an area.</summary>
    public static string PolicyName(PortalArea area) => $"Area.{area}";
}
