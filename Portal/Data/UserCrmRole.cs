namespace Portal.Data;

/// <summary>A CRM role given to a user (a user may have several; rights add up).</summary>
public sealed class UserCrmRole
{
    public string UserId { get; set; } = string.Empty;

    public int CrmRoleId { get; set; }
}
