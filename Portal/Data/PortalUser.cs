using Microsoft.AspNetCore.Identity;

namespace Portal.Data;

/// <summary>A person who signs in to the portal.</summary>
public sealed class PortalUser : IdentityUser
{
    public const int DisplayNameMaxLength = 200;

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The department the user works in; department-scoped CRM rights follow it.</summary>
    public int? DepartmentId { get; set; }
}
