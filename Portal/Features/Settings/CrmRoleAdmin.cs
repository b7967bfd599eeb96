using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;

namespace Portal.Features.Settings;

public sealed record CrmRoleSummary(int Id, string Name, int Users);

/// <summary>An editable copy of a role's matrix: entity type × action → scope.</summary>
public sealed class CrmRoleMatrix
{
    public int? Id { get; init; }

    public string Name { get; set; } = string.Empty;

    public bool ManagesScenarios { get; set; }

    public Dictionary<(CrmEntityType Type, CrmAction Action), RightScope> Scopes { get; init; } = [];

    public RightScope this[CrmEntityType type, CrmAction action]
    {
        get => Scopes.GetValueOrDefault((type, action), RightScope.None);
        set => Scopes[(type, action)] = value;
    }
}

/// <summary>
/// Administrators edit CRM roles here: every call checks its caller on the server (a refusal reads and writes nothing).
/// Changing or deleting a role ends its holders' open sessions (<see cref="UserSessions"/>): they sign in again and
/// act on the rights the role gives now, never on the ones an open tab loaded before.
/// </summary>
public sealed class CrmRoleAdmin(IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>Every role by name with its number of holders; null when the caller is not an administrator.</summary>
    public async Task<IReadOnlyList<CrmRoleSummary>?> ListAsync(string callerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

        return await db.CrmRoles.AsNoTracking()
            .OrderBy(r => r.Name)
            .Select(r => new CrmRoleSummary(r.Id, r.Name, db.UserCrmRoles.Count(u => u.CrmRoleId == r.Id)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The role's matrix; null when there is no such role or the caller is not an administrator.</summary>
    public async Task<CrmRoleMatrix?> GetAsync(string callerId, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

        var role = await db.CrmRoles.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return role is null
            ? null
            : new CrmRoleMatrix { Id = role.Id, Name = role.Name, ManagesScenarios = role.ManagesScenarios, Scopes = role.Rights.ToDictionary(r => (r.EntityType, r.Action), r => r.Scope) };
    }

    /// <summary>Creates or updates a role; a name already used by another role is refused.</summary>
    public async Task<CommandResult> SaveAsync(string callerId, CrmRoleMatrix matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        CrmRole? role;
        var before = AuditSnapshot.Empty;
        if (matrix.Id is { } id)
        {
            role = await db.CrmRoles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (role is null)
            {
                return CommandResult.NotFound;
            }

            before = Snapshot(role);
        }
        else
        {
            role = null;
        }

        try
        {
            var name = CrmValidation.RequiredText(nameof(CrmRole.Name), matrix.Name, CrmRole.NameMaxLength);
            if (await db.CrmRoles.AnyAsync(r => r.Name == name && r.Id != (matrix.Id ?? 0), cancellationToken))
            {
                return new CommandResult(CommandStatus.Invalid, nameof(CrmRole.Name), "duplicate");
            }

            if (role is null)
            {
                role = new CrmRole(name);
                db.CrmRoles.Add(role);
            }
            else
            {
                role.Rename(name);
            }
        }
        catch (CrmValidationException error)
        {
            return CommandResult.Invalid(error);
        }

        role.AllowScenarioManagement(matrix.ManagesScenarios);
        foreach (var type in Enum.GetValues<CrmEntityType>())
        {
            foreach (var action in Enum.GetValues<CrmAction>())
            {
                role.Grant(type, action, matrix[type, action]);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var done = matrix.Id is null ? AuditAction.Create : AuditAction.Save;
        await AuditLog.RecordAsync(db, callerId, AuditArea.CrmRoles, done, AuditSubject.Of(role.Id, role.Name), before, Snapshot(role), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await UserSessions.EndAsync(Holders(db, role.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>Deletes a role; its holders keep their other roles and sign in again.</summary>
    public async Task<CommandResult> DeleteAsync(string callerId, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var role = await db.CrmRoles.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return CommandResult.NotFound;
        }

        await UserSessions.EndAsync(Holders(db, id), cancellationToken);
        await db.CrmRoles.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        await AuditLog.RecordAsync(db, callerId, AuditArea.CrmRoles, AuditAction.Delete, AuditSubject.Of(id, role.Name), Snapshot(role), AuditSnapshot.Empty, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>A role as the audit trail compares it: its name, the scenario switch and each granted right ("Deal.Read": "All").</summary>
    private static AuditSnapshot Snapshot(CrmRole role)
    {
        var snapshot = new AuditSnapshot().Add(nameof(CrmRole.Name), role.Name).Add(nameof(CrmRole.ManagesScenarios), role.ManagesScenarios);
        foreach (var right in role.Rights.Where(r => r.Scope != RightScope.None).OrderBy(r => r.EntityType).ThenBy(r => r.Action))
        {
            snapshot.Add($"{right.EntityType}.{right.Action}", right.Scope);
        }

        return snapshot;
    }

    private static IQueryable<PortalUser> Holders(PortalDbContext db, int roleId) =>
        db.Users.Where(u => db.UserCrmRoles.Any(r => r.UserId == u.Id && r.CrmRoleId == roleId));
}
