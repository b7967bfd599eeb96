using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Rights;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Features.Crm;

namespace Portal.Features.Scenarios;

/// <summary>What one input will be for the previewed record; <see cref="Value"/> is null when it is asked at launch with no default.</summary>
public sealed record PreviewLine(int Step, string RobotKey, RobotInputDescriptor Input, ValueSource Source, string? Value);

public sealed record PreviewResult(CommandStatus Status, IReadOnlyList<PreviewLine> Lines)
{
    public static PreviewResult Failed(CommandStatus status) => new(status, []);
}

/// <summary>
/// Renders every step's values against a record the admin picks, exactly as the engine will resolve them
/// (<see cref="StepValues"/>). The admin must be allowed to read that record.
/// </summary>
public sealed class ScenarioPreview(IDbContextFactory<PortalDbContext> contextFactory, CrmAccess access, EntityFields fields, RobotCatalog catalog)
{
    public async Task<PreviewResult> RenderAsync(
        string userId, ScenarioDefinition definition, long entityId, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rights = await access.ForUserAsync(userId, cancellationToken);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var status = await CrmRecords.CheckAsync(db, rights, definition.EntityType, entityId, CrmAction.Read, cancellationToken);
            if (status != CommandStatus.Ok)
            {
                return PreviewResult.Failed(status);
            }
        }

        var values = await fields.LoadAsync(definition.EntityType, entityId, cancellationToken);
        if (values is null)
        {
            return PreviewResult.Failed(CommandStatus.NotFound);
        }

        var steps = ScenarioRules.Normalise(definition).Steps;
        var noLaunchValues = new Dictionary<string, string>();
        var context = StepValues.Context(values, steps, noLaunchValues, culture);
        var lines = new List<PreviewLine>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (catalog.Find(step.RobotKey) is not { } robot)
            {
                continue;
            }

            foreach (var declared in robot.Inputs)
            {
                var input = step.Input(declared.Name) ?? new StepInput(declared.Name, ValueSource.Fixed);
                var value = StepValues.Resolve(declared, step, input, context, noLaunchValues, culture);
                lines.Add(new PreviewLine(i + 1, robot.Key, declared, input.Source, declared.Secret && value is not null ? ScenarioAudit.Masked : value));
            }
        }

        return new PreviewResult(CommandStatus.Ok, lines);
    }
}
