using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Security;

namespace Portal.Features.Account;

/// <summary>The portal roles of a user, read from the database (services act for a user id, not a principal).</summary>
internal static class UserRoles
{
    public static async Task<PortalRoleSet> OfAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        new((await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name).ToListAsync(cancellationToken)).OfType<string>());
}
