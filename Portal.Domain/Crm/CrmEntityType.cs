namespace Portal.Domain.Crm;

/// <summary>The kinds of CRM record that rights, lists and smart scenarios work on.</summary>
public enum CrmEntityType
{
    Lead,
    Deal,
    Contact,
    Company,
}
