namespace Portal.Domain.Robots;

// The robots a scenario can use. These classes declare inputs only; running them comes with the engine.

[Robot("olchat.send_message", "Robots.SendMessage", RobotGroup.Other)]
public sealed class SendWhatsAppMessageRobot
{
    [RobotInput(InputType.WhatsAppLine, 1, Required = true)]
    public string? Line { get; init; }

    [RobotInput(InputType.Phone, 2, Required = true, Default = "{{Contact.Phone}}")]
    public string? Phone { get; init; }

    [RobotInput(InputType.Choice, 3, Required = true, Default = Messaging.WhichNumbers.First, Options = [Messaging.WhichNumbers.First, Messaging.WhichNumbers.FirstMobile, Messaging.WhichNumbers.All])]
    public string? WhichNumbers { get; init; }

    [RobotInput(InputType.MultiLine, 4, Required = true, MaxLength = Messaging.WhatsAppMessage.TextMaxLength)]
    public string? Message { get; init; }
}

[Robot("crm.change_stage", "Robots.ChangeStage", RobotGroup.Crm, EntityTypes = [Crm.CrmEntityType.Deal, Crm.CrmEntityType.Lead])]
public sealed class ChangeStageRobot
{
    [RobotInput(InputType.Stage, 1, Required = true)]
    public string? Stage { get; init; }
}

[Robot("crm.add_comment", "Robots.AddComment", RobotGroup.Crm)]
public sealed class AddCommentRobot
{
    [RobotInput(InputType.MultiLine, 1, Required = true, MaxLength = Crm.TimelineEntry.TextMaxLength)]
    public string? Text { get; init; }
}

[Robot("crm.notify_employee", "Robots.NotifyEmployee", RobotGroup.Communication)]
public sealed class NotifyEmployeeRobot
{
    [RobotInput(InputType.User, 1, Required = true, Default = "{{Responsible.Id}}")]
    public string? User { get; init; }

    [RobotInput(InputType.MultiLine, 2, Required = true, MaxLength = Notifications.Notification.TextMaxLength)]
    public string? Text { get; init; }
}

[Robot("crm.change_responsible", "Robots.ChangeResponsible", RobotGroup.Crm)]
public sealed class ChangeResponsibleRobot
{
    [RobotInput(InputType.User, 1, Required = true)]
    public string? User { get; init; }
}

[Robot("crm.set_field", "Robots.SetField", RobotGroup.Crm)]
public sealed class SetFieldValueRobot
{
    [RobotInput(InputType.Choice, 1, Required = true, Options = ["Title", "Source", "Amount", "Name", "Industry"])]
    public string? Field { get; init; }

    [RobotInput(InputType.SingleLine, 2)]
    public string? Value { get; init; }
}

[Robot("flow.wait", "Robots.Wait", RobotGroup.Flow)]
public sealed class WaitRobot
{
    [RobotInput(InputType.Duration, 1, Required = true, Default = "00:05:00")]
    public string? Delay { get; init; }
}
