using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.RunLog;

namespace Portal.Features.RunLog;

/// <summary>What support staff search the run log by; any combination, all optional but at least one.</summary>
public sealed record ItemSearchQuery(CrmEntityType? EntityType = null, long? EntityId = null, string? Phone = null, string? ErrorCode = null, string? UserId = null);

/// <summary>One run item found: which run, which record, what became of it.</summary>
public sealed record FoundItem(
    long ItemId,
    long RunId,
    string ScenarioName,
    CrmEntityType EntityType,
    long EntityId,
    string? EntityTitle,
    ItemStatus Status,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset LaunchedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The reader may not read the record now (<see cref="RecordSight"/>): its title and error detail are left out.</summary>
    public bool RecordHidden { get; init; }
}

/// <summary>A page of found items, newest first; <see cref="Before"/> continues after the last row (keyset on the item id).</summary>
public sealed record FoundItems(IReadOnlyList<FoundItem> Rows, long? Before, string? Problem, string? ProblemField);

/// <summary>
/// Searches every run the user may read for items: by record (type and id), by phone number (the number a message
/// went to, or a number on the record, its contact or its company), by error code, by the user who launched the run or
/// ran it. Items are read newest first by keyset on their id, so a deep page costs what the first one does and rows
/// written meanwhile neither shift nor repeat the pages already read. Records the reader may not read now are hidden
/// (<see cref="RecordSight"/>); found by a phone number (the record's own data), they are left out.
/// </summary>
public sealed class RunSearch(IDbContextFactory<PortalDbContext> contextFactory, IOptions<MessagingOptions> messaging, CrmAccess access)
{
    public const int PhoneMaxLength = 64;
    public const int PageSize = 50;

    /// <summary>At most this many messages or records per phone number are looked at (a number shared by thousands is not a customer).</summary>
    public const int MaxCandidates = 10_000;
    public const string TooLong = "too_long";
    public const string NotAPhone = "not_a_phone";
    public const string NothingToSearch = "nothing";
    public const string UnknownCode = "unknown_code";

    public async Task<FoundItems> FindAsync(string userId, ItemSearchQuery query, long? before = null, int take = PageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query is { EntityId: null, Phone: null or "", ErrorCode: null or "", UserId: null or "" })
        {
            return new FoundItems([], null, NothingToSearch, null);
        }

        string? digits = null;
        string? e164 = null;
        if (!string.IsNullOrWhiteSpace(query.Phone))
        {
            if (query.Phone.Length > PhoneMaxLength)
            {
                return new FoundItems([], null, TooLong, nameof(ItemSearchQuery.Phone));
            }

            var phone = PhoneNormaliser.Normalise(query.Phone, messaging.Value.DefaultRegion);
            if (phone.E164 is null)
            {
                return new FoundItems([], null, NotAPhone, nameof(ItemSearchQuery.Phone));
            }

            e164 = phone.E164;
            digits = e164[1..];
        }

        if (!string.IsNullOrEmpty(query.ErrorCode) && !Domain.Common.ErrorCodes.All.Contains(query.ErrorCode))
        {
            return new FoundItems([], null, UnknownCode, nameof(ItemSearchQuery.ErrorCode));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await RunQueries.ReadableAsync(db, userId, cancellationToken);
        if (query.EntityType is { } type)
        {
            runs = runs.Where(r => r.EntityType == type);
        }

        if (!string.IsNullOrEmpty(query.UserId))
        {
            runs = runs.Where(r => r.LaunchedById == query.UserId || r.RunAsId == query.UserId);
        }

        var items = db.RunItems.AsNoTracking();
        if (query.EntityId is { } id)
        {
            items = items.Where(i => i.EntityId == id);
        }

        if (!string.IsNullOrEmpty(query.ErrorCode))
        {
            items = items.Where(i => i.ErrorCode == query.ErrorCode);
        }

        if (before is { } last)
        {
            items = items.Where(i => i.Id < last);
        }

        var found = from i in items
                    join r in runs on i.RunId equals r.Id
                    select new { Item = i, Run = r };
        if (e164 is not null)
        {
            // The number a message went to, or a number of the record itself, of a deal's contact or company. The
            // record's numbers are matched on their last ten digits: people type "8 (999) …" as often as "+7 999 …".
            // The candidates are read first, each by its own index, so the items are then found by id and record id; the
            // newest ones when there are more than MaxCandidates.
            var tail = "%" + (digits!.Length > 10 ? digits[^10..] : digits);
            var messaged = await db.WhatsAppMessages.Where(m => m.To == e164 && m.RunItemId != null).Select(m => m.RunItemId!.Value).OrderByDescending(id => id).Take(MaxCandidates).ToListAsync(cancellationToken);
            var contacts = await db.Contacts.Where(c => c.Phones.Any(p => EF.Functions.Like(p.Digits, tail))).Select(c => c.Id).OrderByDescending(id => id).Take(MaxCandidates).ToListAsync(cancellationToken);
            var companies = await db.Companies.Where(c => c.Phones.Any(p => EF.Functions.Like(p.Digits, tail))).Select(c => c.Id).OrderByDescending(id => id).Take(MaxCandidates).ToListAsync(cancellationToken);
            var leads = await db.Leads.Where(l => l.Phones.Any(p => EF.Functions.Like(p.Digits, tail))).Select(l => l.Id).OrderByDescending(id => id).Take(MaxCandidates).ToListAsync(cancellationToken);
            var deals = contacts.Count + companies.Count == 0
                ? []
                : await db.Deals
                    .Where(d => (d.ContactId != null && contacts.Contains(d.ContactId.Value)) || (d.CompanyId != null && companies.Contains(d.CompanyId.Value)))
                    .Select(d => d.Id).OrderByDescending(id => id).Take(MaxCandidates).ToListAsync(cancellationToken);
            found = found.Where(f => messaged.Contains(f.Item.Id)
                || (f.Run.EntityType == CrmEntityType.Deal && deals.Contains(f.Item.EntityId))
                || (f.Run.EntityType == CrmEntityType.Contact && contacts.Contains(f.Item.EntityId))
                || (f.Run.EntityType == CrmEntityType.Company && companies.Contains(f.Item.EntityId))
                || (f.Run.EntityType == CrmEntityType.Lead && leads.Contains(f.Item.EntityId)));
        }

        var size = Math.Clamp(take, 1, 200);
        var rows = await found
            .OrderByDescending(f => f.Item.Id)
            .Take(size + 1)
            .Select(f => new
            {
                f.Item.Id,
                f.Item.RunId,
                f.Run.ScenarioName,
                f.Run.EntityType,
                f.Item.EntityId,
                f.Item.Status,
                f.Item.ErrorCode,
                f.Item.ErrorDetail,
                f.Run.LaunchedAt,
                f.Item.FinishedAt,
            })
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var titles = new Dictionary<(CrmEntityType, long), string>();
        foreach (var group in page.GroupBy(r => r.EntityType))
        {
            foreach (var (entityId, title) in await RunQueries.TitlesAsync(db, group.Key, group.Select(r => r.EntityId).Distinct().ToList(), cancellationToken))
            {
                titles[(group.Key, entityId)] = title;
            }
        }

        var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);
        var shown = await sight.ShownAsync(db, page.Select(r => (r.EntityType, r.EntityId)), cancellationToken);
        return new FoundItems(
            page.Where(r => e164 is null || shown(r.EntityType, r.EntityId))
                .Select(r => shown(r.EntityType, r.EntityId)
                    ? new FoundItem(r.Id, r.RunId, r.ScenarioName, r.EntityType, r.EntityId, titles.GetValueOrDefault((r.EntityType, r.EntityId)), r.Status, r.ErrorCode, r.ErrorDetail, r.LaunchedAt, r.FinishedAt)
                    : new FoundItem(r.Id, r.RunId, r.ScenarioName, r.EntityType, r.EntityId, null, r.Status, r.ErrorCode, null, r.LaunchedAt, r.FinishedAt) { RecordHidden = true })
                .ToList(),
            rows.Count > size ? page[^1].Id : null,
            null,
            null);
    }
}
