using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Features.Engine.Robots;

/// <summary>Holds the record at this step for a while; the engine resumes it when the delay is over (scenarios only: a process has no run to resume).</summary>
[Robot("flow.wait", RobotGroup.Flow)]
public sealed class WaitRobot : IRobot
{
    [RobotInput(InputType.Duration, 1, Required = true, Default = "00:05:00")]
    public const string Delay = nameof(Delay);

    public Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var work in batch.Work)
        {
            var delay = work.Input(Delay);
            if (ScenarioRules.TryParseDelay(delay, out var span))
            {
                var resumeAt = batch.Now + span;
                work.Wait(resumeAt, resumeAt.ToString("O", CultureInfo.InvariantCulture));
            }
            else
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{Delay}: {delay}");
            }
        }

        return Task.CompletedTask;
    }
}
