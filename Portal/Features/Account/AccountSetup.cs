namespace Portal.Features.Account;

public static class AccountSetup
{
    /// <summary>The signed-in user as components see it.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<CurrentUser>();
        return services;
    }
}
