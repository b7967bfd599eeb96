namespace Portal.Connectors.WhatsApp;

public static class WhatsAppSetup
{
    /// <summary>The Cloud API client, the shared rate limiter, the outbox's dispatcher and senders, the line secrets.</summary>
    /// <param name="sends">Whether this process sends the outbox (it executes jobs).</param>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration configuration, bool sends)
    {
        services.AddOptions<WhatsAppOptions>()
            .Bind(configuration.GetSection(WhatsAppOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var timeout = configuration.GetSection(WhatsAppOptions.SectionName).Get<WhatsAppOptions>()?.RequestTimeoutSeconds ?? new WhatsAppOptions().RequestTimeoutSeconds;
        services.AddHttpClient<CloudApiClient>(http => http.Timeout = TimeSpan.FromSeconds(timeout))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would carry the token to wherever the answer points; it is a failed send instead.
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
                ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, timeout)),
            });
        services.AddSingleton<LineSecrets>();
        services.AddSingleton<LineRateLimiter>();
        services.AddSingleton<MessageDispatcher>();
        services.AddSingleton<OutboxPump>();
        if (sends)
        {
            services.AddHostedService(sp => sp.GetRequiredService<OutboxPump>());
        }

        return services;
    }
}
