using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Security;

namespace Portal.Features.Account;

/// <summary>
/// The portal roles of a user, read from the database: services act for a user id, not a principal, and read the roles
/// anew for every command, so a role taken away an instant ago is never honoured by a command.
/// </summary>
internal static class UserRoles
{
    public static async Task<PortalRoleSet> OfAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        new((await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name).ToListAsync(cancellationToken)).OfType<string>());

    /// <summary>The check every administrators' command makes first: a refusal writes nothing.</summary>
    public static async Task<bool> IsAdministratorAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        (await OfAsync(db, userId, cancellationToken)).IsAdministrator;

    /// <summary>The administrators who can sign in (not locked out at <paramref name="now"/>).</summary>
    public static IQueryable<string> ActiveAdministrators(PortalDbContext db, DateTimeOffset now) =>
        from user in db.Users
        join userRole in db.UserRoles on user.Id equals userRole.UserId
        join role in db.Roles on userRole.RoleId equals role.Id
        where role.Name == PortalRoles.Administrator && (user.LockoutEnd == null || user.LockoutEnd <= now)
        select user.Id;
}
