using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
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

/// <summary>Administrators edit CRM roles here; the page is refused to everyone else on the server.</summary>
public sealed class CrmRoleAdmin(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<IReadOnlyList<CrmRoleSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CrmRoles.AsNoTracking()
            .OrderBy(r => r.Name)
            .Select(r => new CrmRoleSummary(r.Id, r.Name, db.UserCrmRoles.Count(u => u.CrmRoleId == r.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<CrmRoleMatrix?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.CrmRoles.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return role is null
            ? null
            : new CrmRoleMatrix { Id = role.Id, Name = role.Name, ManagesScenarios = role.ManagesScenarios, Scopes = role.Rights.ToDictionary(r => (r.EntityType, r.Action), r => r.Scope) };
    }

    /// <summary>Creates or updates a role; a name already used by another role is refused.</summary>
    public async Task<CommandResult> SaveAsync(CrmRoleMatrix matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        CrmRole? role;
        if (matrix.Id is { } id)
        {
            role = await db.CrmRoles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (role is null)
            {
                return CommandResult.NotFound;
            }
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

        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Ok;
    }

    public async Task<CommandResult> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.CrmRoles.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? CommandResult.NotFound : CommandResult.Ok;
    }
}
