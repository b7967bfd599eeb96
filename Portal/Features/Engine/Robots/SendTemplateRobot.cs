using Microsoft.Extensions.Options;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>
/// [OLChat] Send template message: an approved WhatsApp template with up to five body parameters, each a value with
/// placeholders rendered per record. This is what a business may send first, outside the customer's 24-hour window,
/// where free text is refused (131047).
/// </summary>
[Robot(Key, RobotGroup.Other)]
public sealed class SendTemplateRobot(IOptions<MessagingOptions> messaging, IOptions<WhatsAppOptions> whatsApp) : MessageRobot(messaging, whatsApp)
{
    public const string Key = "olchat.send_template";

    [RobotInput(InputType.SingleLine, 4, Required = true, MaxLength = MessageContent.TemplateNameMaxLength, Pattern = MessageContent.TemplateNamePattern)]
    public const string TemplateName = nameof(TemplateName);

    [RobotInput(InputType.SingleLine, 5, Required = true, Default = "en", MaxLength = MessageContent.LanguageMaxLength, Pattern = MessageContent.LanguagePattern)]
    public const string Language = nameof(Language);

    [RobotInput(InputType.SingleLine, 6)]
    public const string Parameter1 = nameof(Parameter1);

    [RobotInput(InputType.SingleLine, 7)]
    public const string Parameter2 = nameof(Parameter2);

    [RobotInput(InputType.SingleLine, 8)]
    public const string Parameter3 = nameof(Parameter3);

    [RobotInput(InputType.SingleLine, 9)]
    public const string Parameter4 = nameof(Parameter4);

    [RobotInput(InputType.SingleLine, 10)]
    public const string Parameter5 = nameof(Parameter5);

    protected override MessageContent Content(RobotWork work) => MessageContent.Template(
        work.Input(TemplateName),
        work.Input(Language),
        [work.Input(Parameter1), work.Input(Parameter2), work.Input(Parameter3), work.Input(Parameter4), work.Input(Parameter5)]);
}
