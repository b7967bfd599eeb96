using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Security;

namespace Portal.Features.Account;

/// <summary>
/// The user signed in to this circuit or request: their id and portal roles, for components and pages. Services act
/// for a user id they are given (a job runs as a user nobody is signed in as) and read the roles with <see cref="UserRoles"/>.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    /// <summary>The user's id; empty when nobody is signed in (an anonymous page being prerendered).</summary>
    public async Task<string> IdAsync() => (await PrincipalAsync()).UserId() ?? string.Empty;

    public async Task<PortalRoleSet> RolesAsync() => (await PrincipalAsync()).PortalRoles();

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync() =>
        (await authentication.GetAuthenticationStateAsync()).User;
}
