using Microsoft.Extensions.Options;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Messaging;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>[OLChat] Send file: a document or an image by its https link (the provider fetches it), with an optional caption.</summary>
[Robot(Key, RobotGroup.Other)]
public sealed class SendFileRobot(IOptions<MessagingOptions> messaging, IOptions<WhatsAppOptions> whatsApp) : MessageRobot(messaging, whatsApp)
{
    public const string Key = "olchat.send_file";

    [RobotInput(InputType.SingleLine, 4, Required = true, MaxLength = MessageContent.LinkMaxLength, Pattern = MessageContent.HttpsLinkPattern)]
    public const string FileUrl = nameof(FileUrl);

    [RobotInput(InputType.Choice, 5, Required = true, Default = FileKinds.Document, Options = [FileKinds.Document, FileKinds.Image])]
    public const string Kind = nameof(Kind);

    [RobotInput(InputType.MultiLine, 6, MaxLength = MessageContent.CaptionMaxLength)]
    public const string Caption = nameof(Caption);

    [RobotInput(InputType.SingleLine, 7, MaxLength = MessageContent.FileNameMaxLength)]
    public const string FileName = nameof(FileName);

    protected override MessageContent Content(RobotWork work) =>
        MessageContent.File(work.Input(Kind), work.Input(FileUrl), work.Input(Caption), work.Input(FileName));
}
