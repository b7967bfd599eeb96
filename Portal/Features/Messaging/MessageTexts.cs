using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Domain.Messaging;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Localization;

namespace Portal.Features.Messaging;

/// <summary>How a WhatsApp message's status and errors read wherever they are shown (run page, timeline, inbox).</summary>
public static class MessageTexts
{
    public static Color ColorOf(MessageStatus status) => status switch
    {
        MessageStatus.Failed => Color.Error,
        MessageStatus.Uncertain => Color.Warning,
        MessageStatus.Delivered or MessageStatus.Read => Color.Success,
        MessageStatus.Sent => Color.Info,
        _ => Color.Default,
    };

    /// <summary>"WhatsApp refused the message — the message could not be delivered… (code 131026: Message undeliverable)".</summary>
    public static string Error(IStringLocalizer<SharedResource> localizer, string errorCode, int? providerCode, string? providerError)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer[$"ErrorCode.{errorCode}"].Value;
        if (providerCode is { } code)
        {
            var known = localizer[$"Provider.Code.{code}"];
            if (!known.ResourceNotFound)
            {
                text = $"{text}: {known.Value}";
            }
        }

        return string.IsNullOrWhiteSpace(providerError) ? text : $"{text} ({providerError})";
    }
}
