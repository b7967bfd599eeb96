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

    /// <summary>What a person starting the demo needs to sign in, printed once the server listens (see <c>DemoBanner</c>).</summary>
    public static string Banner(IEnumerable<string> urls)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine().AppendLine("  Portal is running: " + string.Join(", ", urls));
        text.AppendLine("  Sign in as a demo user (email, password, role):");
        foreach (var (email, password, _, role) in All)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    {email,-24} {password,-14} {role}");
        }

        return text.ToString();
    }
}

/// <summary>A demo user to create: portal role, department and, optionally, one CRM role.</summary>
public sealed record DemoAccount(string Email, string Password, string DisplayName, string Role, int DepartmentId, string? CrmRole);

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
            // The demo manager works on the records they are responsible for.
            var crmRole = role == PortalRoles.Manager ? ReferenceDataSeeder.OwnRecordsRole : null;
            await EnsureUserAsync(new DemoAccount(email, password, displayName, role, ReferenceDataSeeder.RootDepartmentId, crmRole));
        }
    }

    /// <summary>The user with the account's e-mail; created (with its role, department and CRM role) when missing.</summary>
    public async Task<PortalUser> EnsureUserAsync(DemoAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (await userManager.FindByEmailAsync(account.Email) is { } existing)
        {
            return existing;
        }

        var user = new PortalUser
        {
            UserName = account.Email,
            Email = account.Email,
            EmailConfirmed = true,
            DisplayName = account.DisplayName,
            DepartmentId = account.DepartmentId,
        };
        Throw(await userManager.CreateAsync(user, account.Password), account.Email);
        Throw(await userManager.AddToRoleAsync(user, account.Role), account.Email);
        if (account.CrmRole is not null)
        {
            var crmRoleId = await db.CrmRoles.Where(r => r.Name == account.CrmRole).Select(r => r.Id).SingleAsync();
            db.UserCrmRoles.Add(new UserCrmRole { UserId = user.Id, CrmRoleId = crmRoleId });
            await db.SaveChangesAsync();
        }

        LogDemoUserCreated(logger, account.Email, account.Role);
        return user;
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
