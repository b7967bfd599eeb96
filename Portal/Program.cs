using Portal.Data;
using Portal.Data.Seeding;
using Portal.Hosting;

if (args is [DemoDataCommand.Name, .. var seedArgs])
{
    return await DemoDataCommand.RunAsync(seedArgs);
}

var builder = WebApplication.CreateBuilder(args);

// Static web assets (blazor.web.js, the component libraries') are served from the build output in every
// environment, not only in Development; a published app has them in wwwroot already.
builder.WebHost.UseStaticWebAssets();

PortalOptions portal;
try
{
    portal = builder.AddPortal();
}
catch (StartupRefusedException ex)
{
    await Console.Error.WriteLineAsync($"Portal cannot start: {ex.Message}");
    return 2;
}

var app = builder.Build();

try
{
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}
catch (DatabaseUnavailableException ex)
{
#pragma warning disable CA1848 // once, at a failed start-up: no hot path to optimise
    app.Logger.LogCritical(ex, "Portal cannot start");
#pragma warning restore CA1848
    await Console.Error.WriteLineAsync($"Portal cannot start: {ex.Message}");
    return 2;
}

app.UsePortal(portal);

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
