using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Portal.Localization;

/// <summary>
/// MudBlazor's own texts (the pager's "Rows per page", "Next page", a dialog's "Close", …) from the portal's resources,
/// under "Mud." and MudBlazor's key. English keeps MudBlazor's built-in texts; a key the portal does not translate
/// falls back to them too.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = localizer[$"Mud.{key}"];
            return text.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, text.Value);
        }
    }
}
