using Portal.Domain.Notifications;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Sends a portal notification (the bell) to an employee about the record; an unknown user fails that record.</summary>
[Robot("crm.notify_employee", RobotGroup.Communication, InProcesses = true)]
public sealed class NotifyEmployeeRobot : IRobot
{
    [RobotInput(InputType.User, 1, Required = true, Default = "{{Responsible.Id}}")]
    public const string User = nameof(User);

    [RobotInput(InputType.MultiLine, 2, Required = true, MaxLength = Notification.TextMaxLength)]
    public const string Text = nameof(Text);

    public Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return BatchRecords.ForEachWithUserAsync(batch, User, (work, record, user) =>
        {
            batch.Db.Notifications.Add(Notification.To(user, work.Input(Text)!, record.EntityType, record.Id, batch.UserId, batch.Now));
            return user;
        }, cancellationToken);
    }
}
