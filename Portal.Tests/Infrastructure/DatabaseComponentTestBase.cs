using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Hosting;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The base of component tests on real data: <see cref="ComponentTestBase"/> plus the app's own service
/// registrations (<c>PortalHost.AddPortal</c>: the feature services, EF Core's <c>IDbContextFactory</c>, Identity, …)
/// on a migrated database of the test class's own, so a component under test reads and writes PostgreSQL exactly as
/// in the app. <see cref="Data"/> creates users and CRM records through the real services.
/// <code>
/// public sealed class DealPanelTests(PortalServices portal) : DatabaseComponentTestBase(portal)
/// {
///     [Fact]
///     public async Task ...()
///     {
///         var me = await Data.UserAsync("Me", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
///         var deal = await Data.DealAsync("A deal", me);
///         var access = await Service&lt;CrmAccess&gt;().ForUserAsync(me.Id);
///         SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
///         var cut = Render&lt;DealPanel&gt;(p => p.Add(c => c.Access, access).Add(c => c.DealId, deal.Id));
///         …
///     }
/// }
/// </code>
/// Register fakes before <see cref="Data"/> or <see cref="Service{T}"/> is first used: both build the provider.
/// </summary>
public abstract class DatabaseComponentTestBase : ComponentTestBase, IClassFixture<PortalServices>
{
    protected DatabaseComponentTestBase(PortalServices portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        portal.AddTo(Services);
        Data = new CrmTestData(Services);
    }

    /// <summary>Users, departments and CRM records, written through the app's services.</summary>
    protected CrmTestData Data { get; }

    protected T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Creates an administrator in the database and signs them in: administrators' services check the caller there.</summary>
    protected async Task<PortalUser> SignInAsAdministratorAsync()
    {
        var admin = await Data.UserAsync($"Administrator {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        return admin;
    }
}

/// <summary>
/// A migrated database of the test class's own, and the app's service registrations on it, made once per class (the
/// web role: no job servers or other hosted services start). Each test's context gets them, except the component
/// infrastructure (navigation, JavaScript, the signed-in state, rendering), which is bUnit's, and logging, which is
/// the test's (silent).
/// </summary>
public sealed class PortalServices : MigratedDatabase
{
    private IReadOnlyList<ServiceDescriptor> _registrations = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(Program).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseConnection.EnvironmentVariable] = ConnectionString,
            ["Portal:Role"] = nameof(ProcessRole.Web),
            [TestKeyEncryption.Setting] = TestKeyEncryption.PfxBase64,
        });
        builder.AddPortal();
        _registrations = builder.Services
            .Where(service => service.ServiceType != typeof(IHostedService) && !IsTheTests(service.ServiceType) &&
                              !(service.ImplementationType is { } implementation && IsTheTests(implementation)))
            .ToList();
    }

    /// <summary>Adds the app's registrations of every service the test's context has none of yet.</summary>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var present = services.Select(service => service.ServiceType).ToHashSet();
        foreach (var service in _registrations.Where(service => !present.Contains(service.ServiceType)))
        {
            services.Add(service);
        }
    }

    /// <summary>A type of the component infrastructure or of logging, or an options type of theirs (<c>IConfigureOptions&lt;LoggerFilterOptions&gt;</c>).</summary>
    private static bool IsTheTests(Type type) =>
        type.GenericTypeArguments.Any(IsTheTests) ||
        (type.Assembly.GetName().Name is { } assembly &&
         (assembly.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) ||
          assembly == "Microsoft.JSInterop" ||
          assembly.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal)));
}
