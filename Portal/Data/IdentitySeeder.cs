using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Security;

namespace Portal.Data;

/// <summary>The demo accounts <c>scripts/run.sh</c> prints on start: one per portal role.</summary>
public static class DemoUsers
{
    public static IReadOnlyList<(string Email, string Password, string DisplayName, string Role)> All { get; } =
    [
        ("admin@portal.local", "Admin#2026", "Anna Admin", PortalRoles.Administrator),
        ("manager@portal.local", "Manager#2026", "Mark Manager", PortalRoles.Manager),
        ("support@portal.local", "Support#2026", "Sofia Support", PortalRoles.Support),
    ];

    /// <summary>What a person starting the demo needs to sign in, printed once the server listens.</summary>
    public static string Banner(IEnumerable<string> urls)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine("  Portal is running: " + string.Join(", ", urls));
        text.AppendLine("  Demo users:");
        foreach (var (email, password, _, role) in All)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    {email,-24} {password,-14} {role}");
        }

        return text.ToString();
    }
}

public sealed partial class IdentitySeeder(
    RoleManager<IdentityRole> roleManager,
    UserManager<PortalUser> userManager,
    PortalDbContext db,
    ILogger<IdentitySeeder> logger)
{
    public async Task SeedRolesAsync()
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                Throw(await roleManager.CreateAsync(new IdentityRole(role)), role);
            }
        }
    }

    public async Task SeedDemoUsersAsync()
    {
        foreach (var (email, password, displayName, role) in DemoUsers.All)
        {
            if (await userManager.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                DepartmentId = ReferenceDataSeeder.RootDepartmentId,
            };
            Throw(await userManager.CreateAsync(user, password), email);
            Throw(await userManager.AddToRoleAsync(user, role), email);
            if (role == PortalRoles.Manager)
            {
                // The demo manager works on the records they are responsible for.
                var ownRecords = await db.CrmRoles.SingleAsync(r => r.Name == ReferenceDataSeeder.OwnRecordsRole);
                db.UserCrmRoles.Add(new UserCrmRole { UserId = user.Id, CrmRoleId = ownRecords.Id });
                await db.SaveChangesAsync();
            }

            LogDemoUserCreated(logger, email, role);
        }
    }

    private static void Throw(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created demo user {Email} ({Role})")]
    private static partial void LogDemoUserCreated(ILogger logger, string email, string role);
}
