using Microsoft.Extensions.Options;
using Portal.Features.Account;

namespace Portal.Tests.Integration.Security;

/// <summary>The throttle's counting, without a server: attempts per address and account, and one reported refusal a window.</summary>
public sealed class SignInThrottleTests
{
    [Fact]
    public void OnlyTheFirstRefusalOfAWindow_IsReported_PerAddress()
    {
        using var throttle = new SignInThrottle(Options.Create(new SignInLimits { PermitsPerAddress = 1, PermitsPerAccount = 10, WindowSeconds = 3600 }));

        Assert.True(throttle.TryAttempt("203.0.113.1", "A@EXAMPLE.COM"));
        Assert.False(throttle.TryAttempt("203.0.113.1", "B@EXAMPLE.COM"));

        Assert.True(throttle.TryReportRefusal("203.0.113.1"));
        Assert.False(throttle.TryReportRefusal("203.0.113.1"));
        Assert.True(throttle.TryReportRefusal("203.0.113.2"));
    }
}
