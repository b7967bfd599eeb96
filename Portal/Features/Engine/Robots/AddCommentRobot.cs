using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Writes a comment to the record's timeline, as the run-as user (or the process's starter).</summary>
[Robot("crm.add_comment", RobotGroup.Crm, InProcesses = true)]
public sealed class AddCommentRobot : IRobot
{
    [RobotInput(InputType.MultiLine, 1, Required = true, MaxLength = TimelineEntry.TextMaxLength)]
    public const string Text = nameof(Text);

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            batch.Record(TimelineEntry.Comment(record.EntityType, record.Id, work.Input(Text)!, batch.UserId, batch.Now));
            return null;
        }, cancellationToken);
    }
}
