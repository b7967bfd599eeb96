using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;

namespace Portal.Features.Crm;

/// <summary>Deletes any CRM record the user may delete, with its timeline: one path for every card.</summary>
public sealed class RecordDeletion(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<CommandResult> DeleteAsync(CrmAccessContext access, CrmEntityType type, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return new CommandResult(type switch
        {
            CrmEntityType.Deal => await CrmRecords.DeleteAsync<Deal>(db, access, type, id, cancellationToken),
            CrmEntityType.Contact => await CrmRecords.DeleteAsync<Contact>(db, access, type, id, cancellationToken),
            CrmEntityType.Company => await CrmRecords.DeleteAsync<Company>(db, access, type, id, cancellationToken),
            CrmEntityType.Lead => await CrmRecords.DeleteAsync<Lead>(db, access, type, id, cancellationToken),
            _ => CommandStatus.NotFound,
        });
    }
}
