using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Features.Account;

/// <summary>
/// Sign-in attempts counted per client address and per account in fixed windows, on top of the lock-out: the
/// lock-out stops guessing one known account, these stop one address trying many accounts and an account being tried
/// from many places (or one that does not exist, which the lock-out never counts). Every attempt counts, the right
/// password too; a refused attempt never reaches the password check.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<SignInAttempt> _limiter;
    private readonly PartitionedRateLimiter<string> _reports;

    public SignInThrottle(IOptions<SignInLimits> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        var window = TimeSpan.FromSeconds(limits.WindowSeconds);
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<SignInAttempt, string>(attempt =>
                RateLimitPartition.GetFixedWindowLimiter(attempt.Address, _ => Window(limits.PermitsPerAddress, window))),
            PartitionedRateLimiter.Create<SignInAttempt, string>(attempt =>
                RateLimitPartition.GetFixedWindowLimiter(attempt.Account, _ => Window(limits.PermitsPerAccount, window))));
        _reports = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(1, window)));
    }

    /// <summary>Counts an attempt from <paramref name="address"/> on the account <paramref name="normalizedEmail"/>; false when over a limit.</summary>
    public bool TryAttempt(string address, string normalizedEmail)
    {
        using var lease = _limiter.AttemptAcquire(new SignInAttempt(address, normalizedEmail));
        return lease.IsAcquired;
    }

    /// <summary>
    /// Whether a refused attempt from <paramref name="address"/> is the first one of its window, the one worth an audit
    /// entry: a flood of refused attempts then writes one row a window, not one each.
    /// </summary>
    public bool TryReportRefusal(string address)
    {
        using var lease = _reports.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _reports.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private sealed record SignInAttempt(string Address, string Account);
}

/// <summary>The "Portal:SignIn" section: how many sign-in attempts a window allows.</summary>
public sealed class SignInLimits
{
    public const string SectionName = "Portal:SignIn";

    /// <summary>Attempts from one client address (behind a reverse proxy, the address it forwards; see <c>Portal:ForwardedHeaders</c>).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerAddress { get; set; } = 20;

    /// <summary>Attempts on one account (its e-mail, normalised), from anywhere.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerAccount { get; set; } = 5;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
