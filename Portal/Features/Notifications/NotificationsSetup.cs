namespace Portal.Features.Notifications;

public static class NotificationsSetup
{
    /// <summary>The bell's inbox.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddScoped<NotificationInbox>();
        return services;
    }
}
