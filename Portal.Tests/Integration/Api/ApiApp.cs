using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Api;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Api;

/// <summary>The real Portal listening on 127.0.0.1 over its own database, for the API's clients to call over HTTP.</summary>
public sealed class ApiApp : MigratedDatabase, IAsyncDisposable
{
    private PortalAppFactory? _factory;

    public PortalAppFactory Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public IServiceProvider Services => Factory.Services;

    public Uri BaseAddress { get; private set; } = null!;

    public RunTestKit Kit => new(Services);

    /// <summary>The requests one token may make in a minute here: low enough for a test to reach, high enough for the others.</summary>
    public const int PermitsPerMinute = 40;

    /// <summary>The API's JSON as a client reads it: camelCase, enums by name.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalAppFactory(ConnectionString, settings: new Dictionary<string, string>
        {
            ["Portal:Api:PermitsPerMinute"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        BaseAddress = _factory.StartKestrel();
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>A client that sends <paramref name="token"/> as its bearer (none when null) and follows no redirect.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A new token of <paramref name="user"/>, valid for <paramref name="days"/>.</summary>
    public async Task<string> TokenAsync(PortalUser user, int days = 30)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = Services.CreateAsyncScope();
        var made = await scope.ServiceProvider.GetRequiredService<AccessTokens>().CreateAsync(user.Id, $"Test {Guid.NewGuid():N}"[..20], days);
        Assert.True(made.Result.Succeeded, made.Result.Reason);
        return made.Token!;
    }
}
