using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;

namespace Portal.Features.Crm;

public sealed record UserOption(string Id, string Name);

/// <summary>The choices CRM forms offer: stages, lead statuses, users.</summary>
public sealed class CrmDirectory(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<IReadOnlyList<Stage>> StagesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Stages.AsNoTracking().OrderBy(s => s.PipelineId).ThenBy(s => s.Sort).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LeadStatus>> LeadStatusesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.LeadStatuses.AsNoTracking().OrderBy(s => s.Sort).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UserOption>> UsersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .OrderBy(u => u.DisplayName)
            .Select(u => new UserOption(u.Id, u.DisplayName == "" ? u.UserName! : u.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
