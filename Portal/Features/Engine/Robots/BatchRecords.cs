using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;

namespace Portal.Features.Engine.Robots;

/// <summary>Loads the batch's records tracked, so a robot changes them through their own rules and the engine saves them.</summary>
internal static class BatchRecords
{
    /// <summary>
    /// Locks the batch's records (in id order, so two batches never wait for each other in a circle), then loads them.
    /// Someone else changing one of them meanwhile (a card save, a process activity, another run) waits for this
    /// transaction, or this one for theirs; either way the rows loaded are the latest, and saving them never meets a
    /// concurrency conflict that would fail every record of the round.
    /// </summary>
    public static async Task<Dictionary<long, CrmRecord>> LoadAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        var ids = batch.EntityIds;
        var db = batch.Db;
        await LockAsync(db, batch.EntityType, ids, cancellationToken);
        IEnumerable<CrmRecord> records = batch.EntityType switch
        {
            CrmEntityType.Deal => await db.Deals.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Contact => await db.Contacts.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Company => await db.Companies.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Lead => await db.Leads.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            _ => [],
        };
        return records.ToDictionary(r => r.Id);
    }

    private static async Task LockAsync(PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var table = type switch
        {
            CrmEntityType.Deal => "Deals",
            CrmEntityType.Contact => "Contacts",
            CrmEntityType.Company => "Companies",
            CrmEntityType.Lead => "Leads",
            _ => null,
        };
        if (table is null || ids.Count == 0)
        {
            return;
        }

#pragma warning disable EF1002 // the table name is one of four constants above; the ids are a parameter
        await db.Database.ExecuteSqlRawAsync(
            $"""SELECT 1 FROM "{table}" WHERE "Id" = ANY(@ids) ORDER BY "Id" FOR NO KEY UPDATE""",
            [new Npgsql.NpgsqlParameter("ids", ids.ToArray())],
            cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>Runs <paramref name="apply"/> on each entity's record; a missing record or a refused value fails that entity only.</summary>
    public static async Task ForEachAsync(RobotBatch batch, Func<RobotWork, CrmRecord, string?> apply, CancellationToken cancellationToken)
    {
        var records = await LoadAsync(batch, cancellationToken);
        foreach (var work in batch.Work)
        {
            if (!records.TryGetValue(work.EntityId, out var record))
            {
                work.Fail(ErrorCodes.EntityNotFound);
                continue;
            }

            try
            {
                var output = apply(work, record);
                if (work.Outcome is null)
                {
                    work.Done(output);
                }
            }
            catch (CrmValidationException error)
            {
                work.Fail(ErrorCodes.ParameterInvalid, error.Message);
            }
        }
    }

    /// <summary>
    /// <see cref="ForEachAsync"/> for a robot whose <paramref name="userInput"/> names a user: the record gets the work
    /// done with that user when the user exists, and fails with the value when not.
    /// </summary>
    public static async Task ForEachWithUserAsync(RobotBatch batch, string userInput, Func<RobotWork, CrmRecord, string, string?> apply, CancellationToken cancellationToken)
    {
        var wanted = batch.Work.Select(w => w.Input(userInput)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var users = (await batch.Db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        await ForEachAsync(batch, (work, record) =>
        {
            var user = work.Input(userInput)!;
            if (users.Contains(user))
            {
                return apply(work, record, user);
            }

            work.Fail(ErrorCodes.ParameterInvalid, $"{userInput}: {user}");
            return null;
        }, cancellationToken);
    }
}
