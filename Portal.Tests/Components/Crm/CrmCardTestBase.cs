using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Crm;

/// <summary>Card and dialog tests on a real database: a signed-in manager with their CRM rights, and where the page went.</summary>
public abstract class CrmCardTestBase(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    /// <summary>A manager who may do everything on their own records, signed in, and their CRM rights.</summary>
    protected async Task<(PortalUser User, CrmAccessContext Access)> ManagerAsync(string name, params string[] crmRoles)
    {
        var user = await Data.UserAsync(name, null, crmRoles: crmRoles.Length == 0 ? [ReferenceDataSeeder.OwnRecordsRole] : crmRoles);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        return (user, await Service<CrmAccess>().ForUserAsync(user.Id));
    }

    /// <summary>The button with this text in the open dialog.</summary>
    protected static AngleSharp.Dom.IElement Button(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    /// <summary>The id of the record the components navigated to last ("/crm/deals/12" → 12).</summary>
    protected long NavigatedToId() => long.Parse(NavigatedTo()!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The path the components navigated to last ("/crm/deals/12"), or null.</summary>
    protected string? NavigatedTo()
    {
        var navigation = (BunitNavigationManager)Service<NavigationManager>();
        return navigation.History.Count == 0 ? null : new Uri(navigation.Uri).AbsolutePath;
    }
}
