using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Security;

/// <summary>
/// The real Portal on Kestrel twice over one database: once behind a reverse proxy at 127.0.0.1 (the tests play the
/// proxy, forwarding any client address they like) with small sign-in limits in an hour-long window, so a test counts
/// attempts and never races a clock; once trusting no proxy at all.
/// </summary>
public sealed class HardenedApp : MigratedDatabase, IAsyncDisposable
{
    public const int PermitsPerAddress = 3;
    public const int PermitsPerAccount = 2;
    public const string Password = "Right#Password1";

    private PortalAppFactory? _behindProxy;
    private PortalAppFactory? _direct;

    /// <summary>The portal that trusts the forwarded headers of 127.0.0.1.</summary>
    public Uri BehindProxy { get; private set; } = null!;

    /// <summary>The portal that trusts no proxy (a web process on the same database).</summary>
    public Uri Direct { get; private set; } = null!;

    public IServiceProvider Services => (_behindProxy ?? throw new InvalidOperationException("Not initialised.")).Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _behindProxy = new PortalAppFactory(ConnectionString, settings: new Dictionary<string, string>
        {
            ["Portal:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Portal:SignIn:PermitsPerAddress"] = PermitsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Portal:SignIn:PermitsPerAccount"] = PermitsPerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Portal:SignIn:WindowSeconds"] = "3600",
        });
        BehindProxy = _behindProxy.StartKestrel();
        _direct = new PortalAppFactory(ConnectionString, ProcessRole.Web);
        Direct = _direct.StartKestrel();
    }

    public override async Task DisposeAsync()
    {
        if (_direct is not null)
        {
            await _direct.DisposeAsync();
        }

        if (_behindProxy is not null)
        {
            await _behindProxy.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>A new manager whose password is <see cref="Password"/>; returns the e-mail.</summary>
    public async Task<string> UserAsync()
    {
        var email = $"user-{Guid.NewGuid():N}@portal.local";
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Hardening" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.Manager)).Succeeded);
        return email;
    }
}
