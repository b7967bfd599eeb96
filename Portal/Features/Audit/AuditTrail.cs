using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Account;

namespace Portal.Features.Audit;

/// <summary>
/// What the audit page is narrowed to; every part optional. <see cref="From"/> is inclusive and <see cref="To"/>
/// exclusive.
/// </summary>
public sealed record AuditFilter(
    string? ActorId = null,
    AuditArea? Area = null,
    AuditAction? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>Where a page of entries starts: after the entry at <see cref="At"/> with <see cref="Id"/> (newest first).</summary>
public sealed record AuditCursor(DateTimeOffset At, long Id);

/// <summary>One page of entries, newest first; <see cref="Next"/> is where the following page starts, or null at the end.</summary>
public sealed record AuditEntryPage(IReadOnlyList<AuditEntry> Rows, AuditCursor? Next);

/// <summary>A user the "who" filter offers.</summary>
public sealed record AuditActorOption(string Id, string Name);

/// <summary>
/// The audit trail as administrators read it (every read checks the caller on the server and refuses everyone else
/// with null), and the sign-in attempts the login form reports. Nothing here changes or removes an entry.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<PortalDbContext> contextFactory, ILookupNormalizer normalizer)
{
    public const int MaxTake = 200;

    /// <summary>
    /// The <paramref name="take"/> entries matching <paramref name="filter"/> that come after <paramref name="after"/>,
    /// newest first: a keyset on (At, Id), so the hundredth page costs what the first does.
    /// </summary>
    public async Task<AuditEntryPage?> ListAsync(string callerId, AuditFilter filter, AuditCursor? after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

        var entries = Filtered(db.AuditEntries.AsNoTracking(), filter);
        if (after is { } cursor)
        {
            var (at, id) = (cursor.At.ToUniversalTime(), cursor.Id);
            entries = entries.Where(e => e.At < at || (e.At == at && e.Id < id));
        }

        var size = Math.Clamp(take, 1, MaxTake);
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(size + 1).ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        return new AuditEntryPage(page, rows.Count > size ? new AuditCursor(page[^1].At, page[^1].Id) : null);
    }

    /// <summary>Every user by name, for the "who" filter; null when the caller is not an administrator.</summary>
    public async Task<IReadOnlyList<AuditActorOption>?> ActorsAsync(string callerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return null;
        }

        return await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new AuditActorOption(u.Id, u.DisplayName)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records a sign-in attempt on <paramref name="email"/> from <paramref name="address"/>, in its own short context (the
    /// login form has no other). The actor is the account the e-mail belongs to, or, when none does, the e-mail as typed.
    /// </summary>
    public async Task RecordSignInAsync(string email, AuditAction outcome, string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = normalizer.NormalizeEmail(email);
        var account = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            ActorId = account?.Id,
            ActorName = AuditLog.Clip(account?.DisplayName ?? email),
            Area = AuditArea.SignIn,
            Action = outcome,
            SubjectId = account?.Id,
            SubjectName = AuditLog.Clip(email),
            Address = address is { Length: > AuditEntry.AddressMaxLength } ? address[..AuditEntry.AddressMaxLength] : address,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> entries, AuditFilter filter)
    {
        if (filter.ActorId is { } actor)
        {
            entries = entries.Where(e => e.ActorId == actor);
        }

        if (filter.Area is { } area)
        {
            entries = entries.Where(e => e.Area == area);
        }

        if (filter.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            var start = from.ToUniversalTime();
            entries = entries.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.ToUniversalTime();
            entries = entries.Where(e => e.At < end);
        }

        return entries;
    }
}
