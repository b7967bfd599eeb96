using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;

namespace Portal.Features.Api;

/// <summary>A token as its lists show it: never the token itself.</summary>
public sealed record AccessTokenRow(
    long Id,
    string Name,
    string Hint,
    string OwnerName,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>A token just made: the only time its text is known; or why none was made.</summary>
public sealed record NewAccessToken(CommandResult Result, string? Token = null, AccessTokenRow? Row = null);

/// <summary>
/// Personal access tokens: any user makes, lists and revokes their own; administrators list and revoke anyone's.
/// A token is 32 random bytes behind <see cref="AccessToken.Prefix"/>; the database keeps its SHA-256, so a copy of
/// the database opens nothing (the tokens are random, a salt adds nothing to a hash of 256 random bits).
/// </summary>
public sealed class AccessTokens(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Usable tokens one user may hold at once.</summary>
    public const int MaxUsablePerUser = 20;

    public const string TooMany = "too_many";
    public const string BadExpiry = "expiry";

    /// <summary>At most this many tokens are listed (the newest).</summary>
    public const int ListLimit = 200;

    /// <summary>How stale the "last used" time may get: a busy token is not written to on every request.</summary>
    private static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(1);

    public async Task<NewAccessToken> CreateAsync(string userId, string? name, int days, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return new NewAccessToken(new CommandResult(CommandStatus.Invalid, nameof(AccessToken.Name), CrmValidation.Required));
        }

        if (name.Length > AccessToken.NameMaxLength)
        {
            return new NewAccessToken(new CommandResult(CommandStatus.Invalid, nameof(AccessToken.Name), CrmValidation.TooLong, AccessToken.NameMaxLength));
        }

        if (days is < 1 or > AccessToken.MaxDays)
        {
            return new NewAccessToken(new CommandResult(CommandStatus.Invalid, nameof(AccessToken.ExpiresAt), BadExpiry, AccessToken.MaxDays));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var owner = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return new NewAccessToken(CommandResult.NotFound);
        }

        if (await db.AccessTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken) >= MaxUsablePerUser)
        {
            return new NewAccessToken(new CommandResult(CommandStatus.Invalid, null, TooMany, MaxUsablePerUser));
        }

        var token = AccessToken.Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = new AccessToken
        {
            UserId = userId,
            Name = name,
            Hint = token[..AccessToken.HintLength],
            Hash = HashOf(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AccessTokens.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        await AuditLog.RecordAsync(db, userId, AuditArea.AccessTokens, AuditAction.Create, AuditSubject.Of(stored.Id, stored.Name), AuditSnapshot.Empty, Snapshot(stored, owner), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new NewAccessToken(CommandResult.Created(stored.Id), token, Row(stored, owner));
    }

    /// <summary>The user's own tokens, newest first, revoked and expired ones too.</summary>
    public async Task<IReadOnlyList<AccessTokenRow>> MineAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await RowsAsync(db, db.AccessTokens.Where(t => t.UserId == userId), cancellationToken);
    }

    /// <summary>Everyone's tokens, for administrators; null for anyone else.</summary>
    public async Task<IReadOnlyList<AccessTokenRow>?> AllAsync(string callerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken)
            ? await RowsAsync(db, db.AccessTokens, cancellationToken)
            : null;
    }

    /// <summary>Revokes a token of the caller's own, or anyone's for an administrator; revoking twice changes nothing.</summary>
    public async Task<CommandResult> RevokeAsync(string callerId, long tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null)
        {
            return CommandResult.NotFound;
        }

        if (token.UserId != callerId && !await UserRoles.IsAdministratorAsync(db, callerId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedById = callerId;
            var owner = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
            await AuditLog.RecordAsync(db, callerId, AuditArea.AccessTokens, AuditAction.Revoke, AuditSubject.Of(token.Id, $"{token.Name} · {owner}"), [], cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return CommandResult.Ok;
    }

    /// <summary>The user a presented token acts for, when it is one of ours, not revoked and not expired; its last use is noted.</summary>
    public async Task<string?> UserOfAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(AccessToken.Prefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hash = HashOf(presented);
        var now = clock.GetUtcNow();
        var token = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.RevokedAt, t.ExpiresAt, t.LastUsedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }

        if (token.LastUsedAt is not { } used || now - used >= LastUseGranularity)
        {
            await db.AccessTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return token.UserId;
    }

    /// <summary>What is kept of a token: SHA-256, lower-case hex.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static async Task<IReadOnlyList<AccessTokenRow>> RowsAsync(PortalDbContext db, IQueryable<AccessToken> tokens, CancellationToken cancellationToken) =>
        await tokens
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Take(ListLimit)
            .Select(t => new AccessTokenRow(
                t.Id, t.Name, t.Hint, db.Users.Where(u => u.Id == t.UserId).Select(u => u.DisplayName).FirstOrDefault() ?? "", t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);

    private static AuditSnapshot Snapshot(AccessToken token, string owner) =>
        new AuditSnapshot().Add("Name", token.Name).Add("Owner", owner).Add("ExpiresAt", token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    private static AccessTokenRow Row(AccessToken token, string owner) =>
        new(token.Id, token.Name, token.Hint, owner, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt);
}
