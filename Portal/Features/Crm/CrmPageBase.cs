using Microsoft.AspNetCore.Components;
using Portal.Features.Account;

namespace Portal.Features.Crm;

/// <summary>A CRM page: knows who is looking and what their CRM rights are.</summary>
public abstract class CrmPageBase : ComponentBase
{
    [Inject]
    protected CrmAccess CrmAccess { get; set; } = default!;

    [Inject]
    protected CurrentUser CurrentUser { get; set; } = default!;

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
        Access = await CrmAccess.ForUserAsync(await CurrentUser.IdAsync());
        return Access;
    }
}
