namespace Portal.Domain.Security;

/// <summary>The portal's own roles (CRM access rights come on top of these).</summary>
public static class PortalRoles
{
    public const string Administrator = "Administrator";
    public const string Manager = "Manager";
    public const string Support = "Support";

    public static IReadOnlyList<string> All { get; } = [Administrator, Manager, Support];
}
