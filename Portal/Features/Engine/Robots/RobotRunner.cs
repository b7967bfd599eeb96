using System.Globalization;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Features.Engine.Robots;

/// <summary>
/// One robot's step for some records, as the scenario engine and the process executor both call it: in
/// <see cref="Db"/>'s transaction, as <see cref="UserId"/>, rendering values in <see cref="Culture"/>. A process
/// activity is a step of one record without a run (<see cref="Run"/> null), its values all fixed.
/// </summary>
public sealed record RobotCall(
    PortalDbContext Db,
    CrmEntityType EntityType,
    string UserId,
    ScenarioRun? Run,
    int StepIndex,
    ScenarioStep Step,
    IReadOnlyDictionary<string, string> LaunchValues,
    CultureInfo Culture,
    DateTimeOffset Now);

/// <summary>One record's turn at the step: its run item (in a scenario) and the placeholder values it renders against.</summary>
public sealed record RobotTurn(long EntityId, RunItem? Item, IReadOnlyDictionary<string, TemplateValue> Context);

/// <summary>What a turn came to, with the inputs as the log may show them (secrets masked).</summary>
public sealed record RobotTurnResult(RobotTurn Turn, StepOutcome Outcome, IReadOnlyDictionary<string, string?> Shown);

/// <summary>The turns' results, and the run items whose messages the senders take once the transaction has committed.</summary>
public sealed record RobotStepResult(IReadOnlyList<RobotTurnResult> Turns, IReadOnlyList<long> ToDispatch);

/// <summary>
/// The one way a robot runs: finds it by key, resolves each record's inputs (bound value, placeholders filled in one
/// pass, <see cref="StepValues"/>), refuses the values it cannot take (<see cref="InputRules"/>) and lets it work on the
/// rest as one batch. The scenario engine and the process executor differ only in where the values and the records
/// come from.
/// </summary>
public sealed class RobotRunner(RobotCatalog catalog, IServiceProvider services)
{
    public async Task<RobotStepResult> RunAsync(RobotCall call, IReadOnlyList<RobotTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(turns);
        var key = call.Step.RobotKey;
        var declared = catalog.Find(key);
        var robot = services.GetKeyedService<IRobot>(key);
        var refusal = declared is null || robot is null || (call.Run is null && !declared.InProcesses)
            ? StepOutcome.Failed(ErrorCodes.ParameterInvalid, $"robot {key}")
            : !declared.WorksOn(call.EntityType) ? StepOutcome.Failed(ErrorCodes.EntityWrongType, call.EntityType.ToString())
            : null;
        if (refusal is not null)
        {
            return new(turns.Select(t => new RobotTurnResult(t, refusal, new Dictionary<string, string?>())).ToList(), []);
        }

        var results = new RobotTurnResult?[turns.Count];
        var work = new List<(int Index, RobotWork Work, IReadOnlyDictionary<string, string?> Shown)>();
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            var inputs = StepValues.ResolveStep(declared!, call.Step, turn.Context, call.LaunchValues, call.Culture);
            var shown = declared!.Inputs.ToDictionary(
                input => input.Name, input => input.Secret && inputs[input.Name] is not null ? RunStep.Mask : inputs[input.Name], StringComparer.Ordinal);
            if (StepOutcome.RefusedInputs(declared, inputs) is { } refused)
            {
                results[i] = new(turn, refused, shown);
                continue;
            }

            work.Add((i, turn.Item is { } item ? new RobotWork(item, inputs) : new RobotWork(turn.EntityId, inputs), shown));
        }

        if (work.Count == 0)
        {
            return new(results.Select(r => r!).ToList(), []);
        }

        var batch = new RobotBatch(call.Db, call.EntityType, call.UserId, call.Run, call.StepIndex, work.Select(w => w.Work).ToList(), call.Now, call.Culture);
        await robot!.RunAsync(batch, cancellationToken);
        foreach (var (index, done, shown) in work)
        {
            results[index] = new(turns[index], done.Outcome ?? StepOutcome.Failed(ErrorCodes.ParameterInvalid, "no outcome"), shown);
        }

        return new(results.Select(r => r!).ToList(), batch.ToDispatch);
    }
}
