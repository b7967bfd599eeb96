using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Processes;

/// <summary>
/// Tells the CRM tables' process triggers, for the rest of the transaction, which process instance the changes are
/// made for, so that the instances they start are its children (one level deeper, with its chain of started scenarios).
/// </summary>
public static class ProcessChain
{
    public const string Setting = "portal.process_instance";

    public static async Task EnterAsync(PortalDbContext db, long instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var value = instanceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync($"SELECT set_config({Setting}, {value}, true)", cancellationToken);
    }
}
