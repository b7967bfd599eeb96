namespace Portal.Tests.Infrastructure;

/// <summary>A migrated database of the test class's own, dropped when the class is done.</summary>
public class MigratedDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync() =>
        ConnectionString = await TestDatabases.CreateMigratedAsync(GetType().Name);

    public virtual async Task DisposeAsync() => await TestDatabases.DropAsync(ConnectionString);
}

/// <summary>A migrated database and the real Portal (web and worker) running on it.</summary>
public sealed class PortalApp : MigratedDatabase, IAsyncDisposable
{
    private PortalAppFactory? _factory;

    public PortalAppFactory Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public IServiceProvider Services => Factory.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _factory = new PortalAppFactory(ConnectionString);
        _ = _factory.Services;
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
}
