using System.Security.Claims;
using Portal.Domain.Security;

namespace Portal.Features.Account;

/// <summary>
/// What a signed-in principal says about its user, for the places that have only a principal (an endpoint, an
/// authorization filter, an <c>AuthorizeView</c>'s context); components and pages use <see cref="CurrentUser"/>.
/// </summary>
public static class UserClaims
{
    /// <summary>The user's id, or null when nobody is signed in.</summary>
    public static string? UserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
    }

    /// <summary>The display name, or the user name when the account has none.</summary>
    public static string DisplayName(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(PortalClaimsPrincipalFactory.DisplayNameClaim) ?? user.Identity?.Name ?? string.Empty;
    }

    /// <summary>The portal roles the sign-in carries.</summary>
    public static PortalRoleSet PortalRoles(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new PortalRoleSet(user.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }
}
