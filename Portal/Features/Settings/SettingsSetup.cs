namespace Portal.Features.Settings;

public static class SettingsSetup
{
    /// <summary>Administration of users and CRM roles.</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddScoped<CrmRoleAdmin>();
        services.AddScoped<UserAdmin>();
        return services;
    }
}
