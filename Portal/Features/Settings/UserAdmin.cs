using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Crm;

namespace Portal.Features.Settings;

public sealed record UserSummary(
    string Id,
    string DisplayName,
    string Email,
    string? PortalRole,
    int? DepartmentId,
    string? DepartmentName,
    IReadOnlyList<int> CrmRoleIds,
    bool LockedOut);

public sealed record DepartmentOption(int Id, string Name);

/// <summary>What an administrator may change about a user: portal role, department, CRM roles.</summary>
public sealed record UserAssignment(string UserId, string PortalRole, int? DepartmentId, IReadOnlyList<int> CrmRoleIds);

public sealed class UserAdmin(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Email,
                u.DepartmentId,
                Department = db.Departments.Where(d => d.Id == u.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                CrmRoles = db.UserCrmRoles.Where(c => c.UserId == u.Id).Select(c => c.CrmRoleId).ToList(),
                u.LockoutEnd,
            })
            .ToListAsync(cancellationToken);
        return users
            .Select(u => new UserSummary(u.Id, u.DisplayName, u.Email ?? "", u.Role, u.DepartmentId, u.Department, u.CrmRoles, u.LockoutEnd > now))
            .ToList();
    }

    public async Task<IReadOnlyList<DepartmentOption>> DepartmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var departments = await db.Departments.AsNoTracking().ToListAsync(cancellationToken);
        var byId = departments.ToDictionary(d => d.Id);

        // "Company / Sales / Moscow": the path makes the tree readable in a flat list.
        string PathOf(Domain.Crm.Department d)
        {
            var names = new List<string>();
            for (var current = d; current is not null && names.Count < 20; current = current.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
            {
                names.Insert(0, current.Name);
            }

            return string.Join(" / ", names);
        }

        return departments.Select(d => new DepartmentOption(d.Id, PathOf(d))).OrderBy(d => d.Name, StringComparer.CurrentCulture).ToList();
    }

    public async Task<CommandResult> AssignAsync(UserAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (!PortalRoles.All.Contains(assignment.PortalRole))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserAssignment.PortalRole), "invalid");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == assignment.UserId, cancellationToken))
        {
            return CommandResult.NotFound;
        }

        if (assignment.DepartmentId is { } department && !await db.Departments.AnyAsync(d => d.Id == department, cancellationToken))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserAssignment.DepartmentId), "invalid");
        }

        var known = await db.CrmRoles.Where(r => assignment.CrmRoleIds.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);

        var userId = assignment.UserId;
        var roleId = await db.Roles.Where(r => r.Name == assignment.PortalRole).Select(r => r.Id).SingleAsync(cancellationToken);

        // All or nothing. A new security stamp makes the user's sign-in cookie re-read the portal role.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(
            set => set
                .SetProperty(u => u.DepartmentId, assignment.DepartmentId)
                .SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()),
            cancellationToken);
        await db.UserCrmRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.UserCrmRoles.AddRange(known.Select(id => new UserCrmRole { UserId = userId, CrmRoleId = id }));
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok;
    }
}
