using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Portal.Features.Api;

/// <summary>The one question before a token is revoked, on the profile and in the administrators' list.</summary>
public static class TokenRevocation
{
    public static async Task<bool> ConfirmAsync(IDialogService dialogs, IStringLocalizer localizer, AccessTokenRow token)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(token);
        return await dialogs.ShowMessageBoxAsync(
            localizer["Tokens.RevokeTitle", token.Name], localizer["Tokens.RevokeConfirm", token.Name, token.OwnerName].Value,
            yesText: localizer["Tokens.Revoke"], cancelText: localizer["Common.Cancel"]) == true;
    }
}
