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

    private long? _shownId;

    protected CrmAccessContext? Access { get; private set; }

    /// <summary>True the first time a card is asked to show <paramref name="id"/>; false while it already does.</summary>
    protected bool ShowsAnotherRecord(long id)
    {
        if (_shownId == id)
        {
            return false;
        }

        _shownId = id;
        return true;
    }

    protected async Task<CrmAccessContext> LoadAccessAsync()
    {
        var user = (await AuthenticationState.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        Access = await CrmAccess.ForUserAsync(userId);
        return Access;
    }
}
