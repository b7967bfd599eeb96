using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Account;

namespace Portal.Features.Crm;

/// <summary>A user's CRM rights as one operation sees them: the rights and the department tree.</summary>
public sealed record CrmAccessContext(UserRights Rights, DepartmentTree Departments)
{
    public AccessRule RuleFor(CrmEntityType type, CrmAction action) => Rights.RuleFor(type, action, Departments);
}

/// <summary>
/// Loads a user's CRM rights and applies them to queries, in SQL: every list, count, card and command
/// goes through <see cref="Where{T}"/>, so nothing is filtered in memory and no path skips the check.
/// </summary>
public sealed class CrmAccess(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<CrmAccessContext> ForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DepartmentId })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return new CrmAccessContext(new UserRights(userId, null, false, []), new DepartmentTree([]));
        }

        var isAdministrator = (await UserRoles.OfAsync(db, userId, cancellationToken)).IsAdministrator;
        var roles = await db.CrmRoles.AsNoTracking()
            .Where(r => db.UserCrmRoles.Any(ur => ur.UserId == userId && ur.CrmRoleId == r.Id))
            .ToListAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking()
            .Select(d => new { d.Id, d.ParentId })
            .ToListAsync(cancellationToken);

        return new CrmAccessContext(
            new UserRights(user.Id, user.DepartmentId, isAdministrator, roles),
            new DepartmentTree(departments.Select(d => (d.Id, d.ParentId))));
    }

    /// <summary>The records of <paramref name="source"/> the rule lets through, as a SQL condition.</summary>
    public static IQueryable<T> Where<T>(IQueryable<T> source, AccessRule rule, IQueryable<PortalUser> users)
        where T : CrmRecord
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Kind switch
        {
            AccessRule.AccessKind.Everything => source,
            AccessRule.AccessKind.Own => source.Where(OwnedBy<T>(rule.UserId!)),
            AccessRule.AccessKind.Departments => source.Where(InDepartments<T>(rule.DepartmentIds.ToArray(), users)),
            _ => source.Where(_ => false),
        };
    }

    private static Expression<Func<T, bool>> OwnedBy<T>(string userId)
        where T : CrmRecord => e => e.ResponsibleId == userId;

    private static Expression<Func<T, bool>> InDepartments<T>(int[] departmentIds, IQueryable<PortalUser> users)
        where T : CrmRecord =>
        e => users.Any(u => u.Id == e.ResponsibleId && u.DepartmentId != null && departmentIds.Contains(u.DepartmentId.Value));
}

/// <summary>The CRM refused an operation for lack of rights (the card shows "no access").</summary>
public sealed class CrmAccessDeniedException(CrmEntityType type, CrmAction action)
    : Exception($"No {action} right on this {type}.")
{
    public CrmEntityType EntityType { get; } = type;

    public CrmAction Action { get; } = action;
}
