namespace Portal.Data;

/// <summary>
/// An ASP.NET Core Data Protection key, kept in PostgreSQL so that every web and worker process
/// shares one key ring: a sign-in cookie issued by one process is valid in another, and secrets
/// protected by one can be read by all.
/// </summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = string.Empty;

    public string Xml { get; set; } = string.Empty;
}
