using Microsoft.EntityFrameworkCore;
using Portal.Hosting;

namespace Portal.Data.Seeding;

/// <summary>
/// <c>dotnet Portal.dll seed --deals N …</c>: brings the database up to date exactly as start-up
/// does (same configuration, same initializer), adds demo data, prints one summary line and exits.
/// </summary>
public static class DemoDataCommand
{
    public const string Name = "seed";

    /// <summary>0 when seeded (or skipped by --if-empty), 1 on bad arguments, 2 when the database cannot be reached or the configuration refuses the start.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!DemoDataRequest.TryParse(args, out var request, out var error))
        {
            await Console.Error.WriteLineAsync($"Portal seed: {error}\n{DemoDataRequest.Usage}");
            return 1;
        }

        // The build output has appsettings.json wherever the command is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        await using var app = await StartAsync(builder);
        if (app is null)
        {
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        if (request.OnlyIfEmpty && await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Deals.AnyAsync())
        {
            Console.WriteLine("Demo data not added: the database already has deals.");
            return 0;
        }

        var summary = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(request.Size);
        Console.WriteLine(summary);
        if (await scope.ServiceProvider.GetRequiredService<DemoAutomationSeeder>().SeedAsync())
        {
            Console.WriteLine($"Added the scenario “{DemoAutomationSeeder.ScenarioName}” and the business process “{DemoAutomationSeeder.ProcessName}”.");
        }

        return 0;
    }

    /// <summary>The app with its database brought up to date; null, with the reason written, when it cannot start.</summary>
    private static async Task<WebApplication?> StartAsync(WebApplicationBuilder builder)
    {
        WebApplication? app = null;
        try
        {
            builder.AddPortal();
            app = builder.Build();
            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            return app;
        }
        catch (Exception ex) when (ex is StartupRefusedException or DatabaseUnavailableException)
        {
            await Console.Error.WriteLineAsync($"Portal seed: {ex.Message}");
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            return null;
        }
    }
}
