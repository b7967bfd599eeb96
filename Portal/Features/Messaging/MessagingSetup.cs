namespace Portal.Features.Messaging;

public static class MessagingSetup
{
    /// <summary>Administration of WhatsApp lines and the sandbox inbox (the connector itself: AddWhatsApp).</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddScoped<LineAdmin>();
        return services;
    }
}
