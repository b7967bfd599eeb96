using Portal.Features.Audit;

namespace Portal.Features.Settings;

public static class SettingsSetup
{
    /// <summary>Administration of users and CRM roles, and the audit trail.</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddScoped<CrmRoleAdmin>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<AuditTrail>();
        return services;
    }
}
