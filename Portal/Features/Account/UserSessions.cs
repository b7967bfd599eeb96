using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Account;

/// <summary>Ends what users signed in with when their rights change under them.</summary>
internal static class UserSessions
{
    /// <summary>
    /// Gives <paramref name="users"/> a new security stamp: their sign-in cookies and open tabs check the stamp at least
    /// once a minute (<see cref="PortalAuthenticationStateProvider"/>), find it changed and end, so nobody keeps acting on
    /// rights they lost; they sign in again with what they have now.
    /// </summary>
    public static Task<int> EndAsync(IQueryable<PortalUser> users, CancellationToken cancellationToken)
    {
        // One new stamp for all of them: a stamp only has to differ from the one each cookie carries.
        var stamp = Guid.NewGuid().ToString("N");
        var concurrency = Guid.NewGuid().ToString();
        return users.ExecuteUpdateAsync(
            set => set.SetProperty(u => u.SecurityStamp, stamp).SetProperty(u => u.ConcurrencyStamp, concurrency),
            cancellationToken);
    }
}
