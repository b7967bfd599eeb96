using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Webhooks;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;

namespace Portal.Features.Webhooks;

/// <summary>One allowed host as the settings page lists it.</summary>
public sealed record WebhookHostRow(int Id, string Host, bool AllowPrivateNetwork, string AddedBy, DateTimeOffset AddedAt);

/// <summary>
/// The administrators' list of hosts webhooks may go to, and the guard every webhook passes: its host must be on the
/// list (checked when a scenario is saved with a fixed address, and again for every request), and the addresses it
/// resolves to must not be loopback, link-local or private unless the host was listed for a private network (checked
/// when the connection is made, so a name that resolves differently later cannot slip through).
/// </summary>
public sealed class WebhookHosts(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    public const string Invalid = "invalid";
    public const string Duplicate = "duplicate";

    /// <summary>The listed hosts by name; null when the user is not an administrator.</summary>
    public async Task<IReadOnlyList<WebhookHostRow>?> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        return await db.WebhookHosts.AsNoTracking()
            .OrderBy(h => h.Host)
            .Select(h => new WebhookHostRow(h.Id, h.Host, h.AllowPrivateNetwork, db.Users.Where(u => u.Id == h.AddedById).Select(u => u.DisplayName).FirstOrDefault() ?? h.AddedById, h.AddedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Adds a host; <see cref="Invalid"/> when it is not a host name, <see cref="Duplicate"/> when it is listed already.</summary>
    public async Task<CommandResult> AllowAsync(string userId, string host, bool allowPrivateNetwork, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        var normalised = WebhookHost.Normalise(host);
        if (normalised is null)
        {
            return new CommandResult(CommandStatus.Invalid, nameof(WebhookHost.Host), Invalid);
        }

        if (await db.WebhookHosts.AnyAsync(h => h.Host == normalised, cancellationToken))
        {
            return new CommandResult(CommandStatus.Invalid, nameof(WebhookHost.Host), Duplicate);
        }

        var added = WebhookHost.Allow(normalised, allowPrivateNetwork, userId, clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WebhookHosts.Add(added);
        await db.SaveChangesAsync(cancellationToken);
        await AuditLog.RecordAsync(db, userId, AuditArea.WebhookHosts, AuditAction.Allow, AuditSubject.Of(added.Id, added.Host), AuditSnapshot.Empty, Snapshot(added), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Created(added.Id);
    }

    public async Task<CommandResult> RemoveAsync(string userId, int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return CommandResult.NoAccess;
        }

        var host = await db.WebhookHosts.SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (host is null)
        {
            return CommandResult.NotFound;
        }

        db.WebhookHosts.Remove(host);
        await AuditLog.RecordAsync(db, userId, AuditArea.WebhookHosts, AuditAction.Remove, AuditSubject.Of(id, host.Host), Snapshot(host), AuditSnapshot.Empty, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.NotFound; // removed by someone else meanwhile
        }
    }

    private static AuditSnapshot Snapshot(WebhookHost host) =>
        new AuditSnapshot().Add(nameof(WebhookHost.Host), host.Host).Add(nameof(WebhookHost.AllowPrivateNetwork), host.AllowPrivateNetwork);

    /// <summary>The listed hosts, for the robot to check a batch's addresses against: host → may reach a private network.</summary>
    public static async Task<IReadOnlyDictionary<string, bool>> AllowedAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WebhookHosts.AsNoTracking().ToDictionaryAsync(h => h.Host, h => h.AllowPrivateNetwork, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Whether an address's host is listed (the save-time check of a fixed address).</summary>
    public static async Task<bool> IsListedAsync(PortalDbContext db, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || WebhookHost.Normalise(uri.IdnHost) is not { } host)
        {
            return false;
        }

        return await db.WebhookHosts.AnyAsync(h => h.Host == host, cancellationToken);
    }

    /// <summary>Loopback, link-local, private (RFC 1918, unique local), shared (100.64/10) or unspecified: not the public internet.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
