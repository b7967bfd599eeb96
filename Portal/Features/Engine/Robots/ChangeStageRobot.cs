using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Moves a deal to a stage of its pipeline, or a lead to a status; the record writes the move to its timeline.</summary>
[Robot("crm.change_stage", RobotGroup.Crm, EntityTypes = [CrmEntityType.Deal, CrmEntityType.Lead], InProcesses = true)]
public sealed class ChangeStageRobot : IRobot
{
    [RobotInput(InputType.Stage, 1, Required = true)]
    public const string Stage = nameof(Stage);

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stages = await batch.Db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var statuses = await batch.Db.LeadStatuses.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var id = int.TryParse(work.Input(Stage), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
            switch (record)
            {
                case Deal deal when stages.TryGetValue(id, out var stage):
                    batch.Record(deal.MoveTo(stage, stages[deal.StageId], batch.UserId, batch.Now));
                    return stage.Name;
                case Lead lead when statuses.TryGetValue(id, out var status):
                    batch.Record(lead.MoveTo(status, statuses[lead.StatusId], batch.UserId, batch.Now));
                    return status.Name;
                default:
                    work.Fail(ErrorCodes.ParameterInvalid, $"{Stage}: {work.Input(Stage)}");
                    return null;
            }
        }, cancellationToken);
    }
}
