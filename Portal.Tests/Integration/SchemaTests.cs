using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

public class SchemaTests
{
    [Fact]
    public async Task StartUp_OnADatabaseWithQuartzTables_AppliesMigrationsHangfireSchemaAndRoles_AndDropsQuartz()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("empty");
        try
        {
            // What an earlier version left: Quartz's tables next to the portal's.
            await ScalarAsync<int>(connectionString, "CREATE TABLE qrtz_locks (sched_name text, lock_name text); CREATE TABLE qrtz_triggers (x int); SELECT 1");
            await using (var app = new PortalAppFactory(connectionString, ProcessRole.Web))
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

                var roles = await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().Roles
                    .Select(r => r.Name).ToListAsync();
                Assert.Equal(PortalRoles.All.Order(), roles.Order());
            }

            Assert.Equal(0, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"));
            Assert.Equal(0, await ScalarAsync<long>(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'JobExecutions'"));
            var hangfireTables = await ScalarAsync<long>(
                connectionString,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name IN ('job','jobqueue','server','state','hash')");
            Assert.Equal(5, hangfireTables);
            var recurring = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value IN ('runs-sweep', 'history-cleanup')");
            Assert.Equal(2, recurring);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public async Task StartUp_TwoProcessesTogether_TakeTurnsUnderTheAdvisoryLock()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("race");
        try
        {
            await using var first = new PortalAppFactory(connectionString, ProcessRole.Web);
            await using var second = new PortalAppFactory(connectionString, ProcessRole.Web);

            await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

            var applied = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM \"__EFMigrationsHistory\"");
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(db.Database.GetMigrations().Count(), applied);
            Assert.Equal(3, await db.Roles.CountAsync());
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [Fact]
    public void Model_HasNoChangesThatNoMigrationCaptures()
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=unused").Options);

        Assert.False(
            db.Database.HasPendingModelChanges(),
            "The EF model changed without a migration: run `dotnet ef migrations add <Name> --project Portal --output-dir Data/Migrations`.");
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
