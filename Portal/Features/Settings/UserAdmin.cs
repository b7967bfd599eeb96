using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Audit;
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

/// <summary>
/// Users, for administrators only: every call checks its caller on the server (a refusal reads and writes nothing).
/// A change of portal role, department, CRM roles or lock-out ends the user's open sessions (<see cref="UserSessions"/>),
/// and the last active administrator can neither be demoted nor locked, so the portal always has someone to run it.
/// </summary>
public sealed class UserAdmin(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>The reason a command that would leave no active administrator is refused.</summary>
    public const string LastAdministrator = "last_administrator";

    /// <summary>The reason an administrator cannot lock their own account.</summary>
    public const string Self = "self";

    /// <summary>The advisory-lock key every change to who administers takes, so two demotions cannot both pass the count.</summary>
    private const long AdministratorsLock = 0x504f5254414c4144; // "PORTALAD"

    /// <summary>Every user by name; null when the caller is not an administrator.</summary>
    public async Task<IReadOnlyList<UserSummary>?> ListAsync(string callerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow();
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

    /// <summary>The departments as paths ("Company / Sales / Moscow"); null when the caller is not an administrator.</summary>
    public async Task<IReadOnlyList<DepartmentOption>?> DepartmentsAsync(string callerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

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

    /// <summary>Sets a user's portal role, department and CRM roles at once; the user's open sessions end.</summary>
    public async Task<CommandResult> AssignAsync(string callerId, UserAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        if (!PortalRoles.All.Contains(assignment.PortalRole))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserAssignment.PortalRole), "invalid");
        }

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

        // All or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (assignment.PortalRole != PortalRoles.Administrator && await IsLastActiveAdministratorAsync(db, userId, cancellationToken))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserAssignment.PortalRole), LastAdministrator);
        }

        var before = await SnapshotAsync(db, userId, cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set.SetProperty(u => u.DepartmentId, assignment.DepartmentId), cancellationToken);
        await db.UserCrmRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.UserCrmRoles.AddRange(known.Select(id => new UserCrmRole { UserId = userId, CrmRoleId = id }));
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await db.SaveChangesAsync(cancellationToken);
        var after = await SnapshotAsync(db, userId, cancellationToken);
        await AuditLog.RecordAsync(db, callerId, AuditArea.Users, AuditAction.Assign, after.Subject, before.Fields, after.Fields, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await UserSessions.EndAsync(db.Users.Where(u => u.Id == userId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>
    /// Locks a user out until an administrator unlocks them (their open sessions end), or unlocks them (also clearing a
    /// lock-out after failed sign-ins). Nobody locks themselves out, and the last active administrator stays unlocked.
    /// </summary>
    public async Task<CommandResult> SetLockedAsync(string callerId, string userId, bool locked, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return CommandResult.NotFound;
        }

        if (locked && userId == callerId)
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserSummary.LockedOut), Self);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (locked && await IsLastActiveAdministratorAsync(db, userId, cancellationToken))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(UserSummary.LockedOut), LastAdministrator);
        }

        var user = db.Users.Where(u => u.Id == userId);
        if (locked)
        {
            await user.ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue), cancellationToken);
            await UserSessions.EndAsync(user, cancellationToken);
        }
        else
        {
            await user.ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null).SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
        }

        var subject = (await SnapshotAsync(db, userId, cancellationToken)).Subject;
        await AuditLog.RecordAsync(db, callerId, AuditArea.Users, locked ? AuditAction.Lock : AuditAction.Unlock, subject, cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>A user as the audit trail shows them: who, and the portal role, department and CRM roles they hold.</summary>
    private static async Task<(AuditSubject Subject, AuditSnapshot Fields)> SnapshotAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.Where(u => u.Id == userId)
            .Select(u => new
            {
                u.DisplayName,
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                Department = db.Departments.Where(d => d.Id == u.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                CrmRoles = (from c in db.UserCrmRoles join r in db.CrmRoles on c.CrmRoleId equals r.Id where c.UserId == u.Id orderby r.Name select r.Name).ToList(),
            })
            .SingleAsync(cancellationToken);
        var fields = new AuditSnapshot()
            .Add("PortalRole", user.Role)
            .Add("Department", user.Department)
            .Add("CrmRoles", string.Join(", ", user.CrmRoles));
        return (new AuditSubject(userId, user.DisplayName), fields);
    }

    /// <summary>
    /// Whether <paramref name="userId"/> is an active administrator and no other is, under a transaction-wide lock that
    /// every such check takes: two administrators demoting each other at once are counted one after the other.
    /// </summary>
    private async Task<bool> IsLastActiveAdministratorAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdministratorsLock})", cancellationToken);
        var active = await UserRoles.ActiveAdministrators(db, clock.GetUtcNow()).OrderBy(id => id).Take(2).ToListAsync(cancellationToken);
        return active.Count == 1 && active[0] == userId;
    }
}
