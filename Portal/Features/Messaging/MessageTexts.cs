using Microsoft.Extensions.Localization;
using Portal.Domain.Messaging;
using Portal.Localization;
using Radzen;

namespace Portal.Features.Messaging;

/// <summary>How a WhatsApp message's status and errors read wherever they are shown (run page, timeline, inbox).</summary>
public static class MessageTexts
{
    public static BadgeStyle Badge(MessageStatus status) => status switch
    {
        MessageStatus.Failed => BadgeStyle.Danger,
        MessageStatus.Uncertain => BadgeStyle.Warning,
        MessageStatus.Delivered or MessageStatus.Read => BadgeStyle.Success,
        MessageStatus.Sent => BadgeStyle.Info,
        _ => BadgeStyle.Light,
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
