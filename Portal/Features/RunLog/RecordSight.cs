using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Features.Account;
using Portal.Features.Crm;

namespace Portal.Features.RunLog;

/// <summary>
/// Which records a reader of the run log sees in full. Support staff and administrators see every record; anyone else
/// (who launched the run, or it ran as) sees a record's title, resolved values and messages only while their CRM rights
/// let them read the record now: rights change after a launch, and the log must not show what the CRM no longer does.
/// Of a hidden record, its item's status and error code remain.
/// </summary>
public sealed class RecordSight
{
    private const int BatchSize = 1000;
    private static readonly RecordSight All = new(null);
    private readonly CrmAccessContext? _access;

    private RecordSight(CrmAccessContext? access) => _access = access;

    /// <summary>Whether the reader sees every record (support staff and administrators).</summary>
    public bool SeesEverything => _access is null;

    /// <summary>The reader's sight, from their portal role and CRM rights as they stand.</summary>
    public static async Task<RecordSight> OfAsync(PortalDbContext db, CrmAccess access, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        return (await UserRoles.OfAsync(db, userId, cancellationToken)).ReadsEverything
            ? All
            : new RecordSight(await access.ForUserAsync(userId, cancellationToken));
    }

    /// <summary>The records of a type the reader sees in full, as a query to narrow further (a search by name).</summary>
    public IQueryable<T> Shown<T>(PortalDbContext db, CrmEntityType type)
        where T : CrmRecord =>
        _access is null ? db.Set<T>().AsNoTracking() : CrmRecords.Allowed<T>(db, _access, type, CrmAction.Read);

    /// <summary>Of <paramref name="ids"/> (records of one type), whether each is shown.</summary>
    public async Task<Func<long, bool>> ShownAsync(PortalDbContext db, CrmEntityType type, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        if (_access is null)
        {
            return _ => true;
        }

        var allowed = await CrmRecords.AllowedIdsAsync(db, _access, type, CrmAction.Read, ids.Distinct().ToList(), cancellationToken);
        return allowed.ToHashSet().Contains;
    }

    /// <summary>Of <paramref name="records"/> (of any types), whether each is shown.</summary>
    public async Task<Func<CrmEntityType, long, bool>> ShownAsync(
        PortalDbContext db, IEnumerable<(CrmEntityType Type, long Id)> records, CancellationToken cancellationToken)
    {
        if (_access is null)
        {
            return (_, _) => true;
        }

        var shown = new Dictionary<CrmEntityType, Func<long, bool>>();
        foreach (var group in records.GroupBy(r => r.Type).ToList())
        {
            shown[group.Key] = await ShownAsync(db, group.Key, group.Select(r => r.Id), cancellationToken);
        }

        return (type, id) => shown.TryGetValue(type, out var ofType) && ofType(id);
    }

    /// <summary>
    /// <paramref name="rows"/> as they stream, each whose record is hidden passed through <paramref name="hide"/>. The rights
    /// are checked a batch at a time on a context of their own (the rows' reader holds its connection).
    /// </summary>
    public async IAsyncEnumerable<T> MaskAsync<T>(
        IAsyncEnumerable<T> rows,
        IDbContextFactory<PortalDbContext> contextFactory,
        CrmEntityType type,
        Func<T, long> entityId,
        Func<T, T> hide,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(hide);
        if (_access is null)
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                yield return row;
            }

            yield break;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var batch = new List<T>(BatchSize);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                foreach (var shown in await MaskedAsync(db, batch, type, entityId, hide, cancellationToken))
                {
                    yield return shown;
                }

                batch.Clear();
            }
        }

        foreach (var shown in await MaskedAsync(db, batch, type, entityId, hide, cancellationToken))
        {
            yield return shown;
        }
    }

    private async Task<IEnumerable<T>> MaskedAsync<T>(
        PortalDbContext db, List<T> batch, CrmEntityType type, Func<T, long> entityId, Func<T, T> hide, CancellationToken cancellationToken)
    {
        var shown = await ShownAsync(db, type, batch.Select(entityId), cancellationToken);
        return batch.Select(row => shown(entityId(row)) ? row : hide(row)).ToList();
    }
}
