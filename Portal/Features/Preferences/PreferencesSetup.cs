namespace Portal.Features.Preferences;

public static class PreferencesSetup
{
    /// <summary>What each user keeps for themselves: list columns, the theme.</summary>
    public static IServiceCollection AddPreferences(this IServiceCollection services)
    {
        services.AddScoped<UserPreferences>();
        services.AddScoped<ThemePreference>();
        return services;
    }
}
