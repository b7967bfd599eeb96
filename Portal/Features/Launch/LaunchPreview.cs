using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;
using Portal.Domain.Robots;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.Engine.Robots;
using Portal.Features.RunLog;
using Portal.Features.Scenarios;

namespace Portal.Features.Launch;

/// <summary>A scenario a user may launch from a CRM list.</summary>
public sealed record LaunchableScenario(long Id, string Name, string? Description);

/// <summary>One question of the launch dialog: the parameter, and the robot input it answers (its type and options).</summary>
public sealed record LaunchField(LaunchParameter Parameter, int StepNumber, RobotDescriptor Robot, RobotInputDescriptor Declared)
{
    /// <summary>The field's label: the robot input's own, localised, unless the administrator named the parameter.</summary>
    public string Label(Microsoft.Extensions.Localization.IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Parameter.Label == Declared.Name ? localizer[Declared.LabelKey(Robot.Key)] : Parameter.Label;
    }
}

/// <summary>What the launch dialog asks for a scenario, and the placeholders its answers may use (<see cref="ScenarioFields.ForLaunchValues"/>).</summary>
public sealed record LaunchForm(
    long ScenarioId, string Name, string? Description, CrmEntityType EntityType, IReadOnlyList<LaunchField> Fields, IReadOnlyList<ScenarioField> Placeholders);

/// <summary>One resolved input of one step for one record.</summary>
public sealed record PreviewValue(int StepNumber, string RobotKey, RobotInputDescriptor Input, string? Value);

/// <summary>A record as the run would see it: every step's values, resolved as the engine resolves them.</summary>
public sealed record EntityPreview(long EntityId, string Title, IReadOnlyList<PreviewValue> Values);

/// <summary>
/// A record that will fail, and why: an error code of the catalogue with its detail; for a value the robot cannot take,
/// which step and input (<see cref="LabelKey"/>), and for one too long, <see cref="Length"/> and <see cref="Limit"/>.
/// </summary>
public sealed record RecordProblem(long EntityId, string Title, string ErrorCode, string? Detail, int? Step = null, string? LabelKey = null, int? Length = null, int? Limit = null);

/// <summary>
/// The pre-check of a scenario whose steps can fail for a record's own data (a phone to send to, a text that renders
/// too long): of the <see cref="Checked"/> records the user may read, <see cref="Ready"/> pass every step's checks;
/// <see cref="Problems"/> lists the others (the first <see cref="LaunchPreview.MaxListedProblems"/>; <see cref="Failing"/>
/// counts them all). <see cref="NotChecked"/> records were not checked because the user may not read them.
/// </summary>
public sealed record RecordCheck(int Checked, int Ready, int Failing, IReadOnlyList<RecordProblem> Problems, int NotChecked)
{
    /// <summary>Why the failing records fail, every error code once, in the order first met (over all of them, not only those listed).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}

/// <summary>The launch dialog's view of the answers so far: problems per field, the preview, the pre-check of the records.</summary>
public sealed record LaunchCheck(IReadOnlyList<LaunchProblem> Problems, IReadOnlyList<EntityPreview> Previews, RecordCheck? Records)
{
    public static LaunchCheck None { get; } = new([], [], null);
}

/// <summary>
/// What a person sees before launching: the scenarios they may launch on a type, the launch form, and for the
/// selected records a preview of the first few and a pre-check of them all (phones to send to, values within the
/// robots' limits, <see cref="InputRules"/> as the engine applies them). Values are resolved through
/// <see cref="StepValues"/> with the launch values the run would keep (<see cref="LaunchRules.Effective"/>), so
/// the preview is what runs. Only records the user may read are shown or checked. Nothing here resolves more records
/// than one launch may take: a selection over the limit is refused at once (<see cref="MaxEntitiesPerLaunch"/>).
/// </summary>
public sealed class LaunchPreview(
    IDbContextFactory<PortalDbContext> contextFactory,
    CrmAccess crmAccess,
    EntityFields entityFields,
    RobotCatalog catalog,
    IOptions<MessagingOptions> messaging,
    IOptions<RunOptions> runs)
{
    public const int PreviewCount = 3;
    public const int MaxListedProblems = 100;
    private const int BatchSize = 1000;

    /// <summary>
    /// The records one launch may take. A list resolves its selection to at most one more id than this
    /// (<see cref="CrmRecords.SelectedIdsAsync{T}"/>), enough to know it is too many without reading them all.
    /// </summary>
    public int MaxEntitiesPerLaunch => runs.Value.MaxEntitiesPerLaunch;

    /// <summary>The refusal of a selection over <see cref="MaxEntitiesPerLaunch"/>, as the launch itself refuses it.</summary>
    public LaunchProblem TooMany => new(string.Empty, ErrorCodes.LaunchTooManyEntities, MaxEntitiesPerLaunch.ToString(CultureInfo.InvariantCulture));

    /// <summary>The active scenarios of the type, in their list order; none when the user may not launch on the type.</summary>
    public async Task<IReadOnlyList<LaunchableScenario>> ScenariosAsync(string userId, CrmEntityType type, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await MayLaunchAsync(db, userId, type, cancellationToken))
        {
            return [];
        }

        return await db.Scenarios.AsNoTracking()
            .Where(s => s.EntityType == type && s.IsActive && s.DeletedAt == null)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new LaunchableScenario(s.Id, s.Name, s.Description))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The launch form of a scenario the user may launch; null when it cannot run or the user may not launch it.</summary>
    public async Task<LaunchForm?> FormAsync(string userId, long scenarioId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scenarioId, cancellationToken);
        if (scenario is not { CanRun: true } || !await MayLaunchAsync(db, userId, scenario.EntityType, cancellationToken))
        {
            return null;
        }

        var placeholders = ScenarioFields.ForLaunchValues(scenario.EntityType, scenario.Steps, catalog);
        return new LaunchForm(
            scenario.Id, scenario.Name, scenario.Description, scenario.EntityType, FieldsOf(scenario.Steps, catalog),
            ScenarioFields.For(scenario.EntityType, scenario.Steps, catalog).Where(f => placeholders.Contains(f.Name)).ToList());
    }

    /// <summary>The launch parameters of these steps with the robot inputs they belong to: the launch dialog's fields, and a process's.</summary>
    public static IReadOnlyList<LaunchField> FieldsOf(IReadOnlyList<ScenarioStep> steps, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(catalog);
        var fields = new List<LaunchField>();
        var parameters = ScenarioRules.LaunchParameters(steps, catalog);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (catalog.Find(step.RobotKey) is not { } robot)
            {
                continue;
            }

            foreach (var input in step.Inputs.Where(input => input.Source == ValueSource.LaunchParameter))
            {
                var key = ScenarioFields.ValueKey(step, input);
                if (robot.Input(input.Name) is { } declared && parameters.FirstOrDefault(p => p.Key == key) is { } parameter)
                {
                    fields.Add(new LaunchField(parameter, i + 1, robot, declared));
                }
            }
        }

        return fields;
    }

    /// <summary>
    /// The problems of the answers, the values of the first <see cref="PreviewCount"/> records, and the pre-check when
    /// a step can fail for a record's data. Empty when the scenario cannot run or the user may not launch it.
    /// More records than one launch may take are refused (<see cref="TooMany"/>) before any of them is read.
    /// </summary>
    public async Task<LaunchCheck> CheckAsync(
        string userId,
        long scenarioId,
        IReadOnlyCollection<long> entityIds,
        IReadOnlyDictionary<string, string?> values,
        CultureInfo culture,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        ArgumentNullException.ThrowIfNull(values);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scenarioId, cancellationToken);
        if (scenario is not { CanRun: true } || !await MayLaunchAsync(db, userId, scenario.EntityType, cancellationToken))
        {
            return LaunchCheck.None;
        }

        var type = scenario.EntityType;
        var parameters = scenario.LaunchParameters(catalog);
        var problems = LaunchRules.Problems(parameters, values, ScenarioFields.ForLaunchValues(type, scenario.Steps, catalog));
        var distinct = entityIds.Distinct().Order().ToList();
        if (distinct.Count > MaxEntitiesPerLaunch)
        {
            return new LaunchCheck([.. problems, TooMany], [], null);
        }

        var launchValues = LaunchRules.Effective(parameters, values);
        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        var readable = await CrmRecords.AllowedIdsAsync(db, access, type, CrmAction.Read, distinct, cancellationToken);

        var steps = scenario.Steps
            .Select((step, index) => (Number: index + 1, Step: step, Robot: catalog.Find(step.RobotKey)))
            .Where(s => s.Robot is not null)
            .ToList();
        var sends = steps.Any(s => MessageRobot.Sends(s.Robot!));

        // Every record is checked when a step can fail for its data: a number to send to, a text that may render too long.
        var checks = sends || steps.Any(s => s.Robot!.Inputs.Any(i => i.MaxLength is not null && ScenarioRules.TakesPlaceholders(i.Type)));

        // An answer refused on its field is the field's problem, not every record's.
        var answered = problems.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var previews = new List<EntityPreview>();
        var (ready, failing) = (0, 0);
        var listed = new List<RecordProblem>();
        var reasons = new List<string>();
        var batches = checks ? readable.Chunk(BatchSize) : [readable.Take(PreviewCount).ToArray()];
        foreach (var batch in batches)
        {
            var fields = await entityFields.LoadManyAsync(db, type, batch, cancellationToken);
            var titles = await RunQueries.TitlesAsync(db, type, batch.ToList(), cancellationToken);
            var typedPhones = sends
                ? await EntityPhones.LoadManyAsync(db, type, batch, cancellationToken)
                : new Dictionary<long, IReadOnlyList<PhoneNumber>>();
            foreach (var id in batch)
            {
                if (!fields.TryGetValue(id, out var entity))
                {
                    continue;
                }

                var title = titles.GetValueOrDefault(id) ?? id.ToString(CultureInfo.InvariantCulture);
                var context = StepValues.Context(entity, scenario.Steps, launchValues, culture);
                var resolved = steps.ToDictionary(s => s.Number, s => StepValues.ResolveStep(s.Robot!, s.Step, context, launchValues, culture));
                if (previews.Count < PreviewCount)
                {
                    previews.Add(new EntityPreview(id, title, steps
                        .SelectMany(s => s.Robot!.Inputs.Select(input => new PreviewValue(
                            s.Number, s.Robot.Key, input, input.Secret && resolved[s.Number][input.Name] is not null ? RunStep.Mask : resolved[s.Number][input.Name])))
                        .ToList()));
                }

                if (!checks)
                {
                    continue;
                }

                if (FirstProblem(id, title, steps, resolved, typedPhones.GetValueOrDefault(id), answered) is not { } problem)
                {
                    ready++;
                    continue;
                }

                failing++;
                if (!reasons.Contains(problem.ErrorCode))
                {
                    reasons.Add(problem.ErrorCode);
                }

                if (listed.Count < MaxListedProblems)
                {
                    listed.Add(problem);
                }
            }
        }

        var records = checks ? new RecordCheck(ready + failing, ready, failing, listed, distinct.Count - readable.Count) { Reasons = reasons } : null;
        return new LaunchCheck(problems, previews, records);
    }

    /// <summary>Why a record would fail, at the first step that would fail it (the engine stops there), or null.</summary>
    private RecordProblem? FirstProblem(
        long id,
        string title,
        List<(int Number, ScenarioStep Step, RobotDescriptor? Robot)> steps,
        Dictionary<int, IReadOnlyDictionary<string, string?>> resolved,
        IReadOnlyList<PhoneNumber>? phones,
        HashSet<string> refusedAnswers)
    {
        foreach (var (number, step, robot) in steps)
        {
            var inputs = resolved[number];
            var refused = InputRules.FirstProblem(robot!, inputs, input =>
                step.Input(input.Name) is { Source: ValueSource.LaunchParameter } asked && refusedAnswers.Contains(ScenarioFields.ValueKey(step, asked)));
            if (refused is ({ } input, { } problem))
            {
                return problem.Code == ErrorCodes.PhoneMissing
                    ? new RecordProblem(id, title, problem.Code, null, number)
                    : new RecordProblem(id, title, problem.Code, problem.Value, number, input.LabelKey(robot!.Key), problem.Length, problem.Limit);
            }

            if (!MessageRobot.Sends(robot!))
            {
                continue;
            }

            var recipients = Recipients.Choose(
                inputs[MessageRobot.Phone],
                inputs[MessageRobot.Numbers],
                messaging.Value.DefaultRegion,
                phones);
            if (recipients.Error is { } error)
            {
                return new RecordProblem(id, title, error, recipients.Detail, number);
            }
        }

        return null;
    }

    private Task<bool> MayLaunchAsync(PortalDbContext db, string userId, CrmEntityType type, CancellationToken cancellationToken) =>
        LaunchService.MayAutomateAsync(db, crmAccess, userId, type, cancellationToken);
}
