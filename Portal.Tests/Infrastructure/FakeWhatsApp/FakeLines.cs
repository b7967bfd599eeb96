using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Messaging;

namespace Portal.Tests.Infrastructure.FakeWhatsApp;

/// <summary>Cloud API lines pointing at a <see cref="FakeCloudApi"/>, written straight into the portal's database.</summary>
public static class FakeLines
{
    /// <summary>
    /// A line on the fake server (or on <paramref name="baseUrl"/>), with the fake's token unless another is given; plain
    /// http allowed, as the fake listens on http://127.0.0.1.
    /// </summary>
    public static async Task<WhatsAppLine> AddAsync(IServiceProvider services, FakeCloudApi api, string? name = null, int ratePerSecond = 80, string? baseUrl = null, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(api);
        var line = WhatsAppLine.CloudApi(
            name ?? $"Cloud {Guid.NewGuid():N}",
            "+7 495 000-00-00",
            ratePerSecond,
            new CloudApiSettings(baseUrl ?? api.BaseAddress.ToString(), api.Options.Version, api.Options.PhoneNumberId, AllowPlainHttp: true),
            services.GetRequiredService<LineSecrets>().Protect(token ?? api.Options.Token));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.WhatsAppLines.Add(line);
        await db.SaveChangesAsync();
        return line;
    }
}
