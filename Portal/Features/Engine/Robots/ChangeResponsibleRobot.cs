using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Makes another employee responsible for the record; an unknown user fails that record.</summary>
[Robot("crm.change_responsible", RobotGroup.Crm, InProcesses = true)]
public sealed class ChangeResponsibleRobot : IRobot
{
    [RobotInput(InputType.User, 1, Required = true)]
    public const string User = nameof(User);

    public Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return BatchRecords.ForEachWithUserAsync(batch, User, (_, record, user) =>
        {
            record.AssignResponsible(user, batch.UserId, batch.Now);
            return user;
        }, cancellationToken);
    }
}
