using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c>: builds the model without starting the host or reaching a
/// database (a placeholder connection string is enough to generate a migration).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable(Hosting.DatabaseConnection.EnvironmentVariable)
            ?? "Host=127.0.0.1;Database=portal_design_time";
        return new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql(connectionString).Options);
    }
}
