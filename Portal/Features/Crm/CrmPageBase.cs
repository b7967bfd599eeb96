using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Portal.Features.Crm;

/// <summary>A CRM page: knows who is looking and what their CRM rights are.</summary>
public abstract class CrmPageBase : ComponentBase
{
    [Inject]
    protected CrmAccess CrmAccess { get; set; } = default!;

    [Inject]
    protected AuthenticationStateProvider AuthenticationState { get; set; } = default!;

    protected CrmAccessContext? Access { get; private set; }

    protected async Task<CrmAccessContext> LoadAccessAsync()
    {
        var user = (await AuthenticationState.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        Access = await CrmAccess.ForUserAsync(userId);
        return Access;
    }
}
