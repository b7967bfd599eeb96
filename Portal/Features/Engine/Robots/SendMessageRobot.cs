using Microsoft.Extensions.Options;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>[OLChat] Send message: a text, inside the customer's 24-hour window (outside it WhatsApp takes only a template).</summary>
[Robot(Key, RobotGroup.Other)]
public sealed class SendMessageRobot(IOptions<MessagingOptions> messaging, IOptions<WhatsAppOptions> whatsApp) : MessageRobot(messaging, whatsApp)
{
    public const string Key = "olchat.send_message";

    [RobotInput(InputType.MultiLine, 4, Required = true, MaxLength = WhatsAppMessage.TextMaxLength)]
    public const string Message = nameof(Message);

    protected override MessageContent Content(RobotWork work) => MessageContent.Plain(work.Input(Message)!);
}
