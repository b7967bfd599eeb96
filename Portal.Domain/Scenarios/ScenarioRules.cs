using System.Globalization;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Scenarios;

/// <summary>
/// The rules a scenario definition must meet before it is saved, gathered in one place so the editor can
/// show every problem at once and the aggregate can refuse the same ones.
/// </summary>
public static class ScenarioRules
{
    /// <summary>The longest "Wait" a scenario may hold an entity for.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(30);

    /// <summary>
    /// Trims texts, drops blank descriptions and labels, and numbers new (or clashing) steps after both
    /// the definition's ids and <paramref name="lastId"/> (the saved scenario's highest), so a new step
    /// never takes the id of a step removed in the same save.
    /// </summary>
    public static ScenarioDefinition Normalise(ScenarioDefinition definition, int lastId = 0)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var used = new HashSet<int>();
        var next = Math.Max(definition.Steps.Select(s => s.Id).DefaultIfEmpty(0).Max(), lastId) + 1;
        var steps = new List<ScenarioStep>();
        foreach (var step in definition.Steps)
        {
            var id = step.Id > 0 && used.Add(step.Id) ? step.Id : next++;
            used.Add(id);
            var inputs = step.Inputs
                .Select(i => i with { Label = Blank(i.Label) ? null : i.Label!.Trim(), Value = i.Value?.Length == 0 ? null : i.Value })
                .ToList();
            steps.Add(new ScenarioStep(step.RobotKey, inputs) { Id = id });
        }

        return new ScenarioDefinition(
            definition.Name?.Trim() ?? string.Empty,
            Blank(definition.Description) ? null : definition.Description!.Trim(),
            definition.EntityType,
            steps);
    }

    /// <summary>Every problem of a definition, in order; empty when it can be saved.</summary>
    public static IReadOnlyList<ScenarioProblem> Problems(ScenarioDefinition definition, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<ScenarioProblem>();
        var name = definition.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            problems.Add(new ScenarioProblem(ScenarioException.NameRequired));
        }
        else if (name.Length > Scenario.NameMaxLength)
        {
            problems.Add(new ScenarioProblem(ScenarioException.NameTooLong, Detail: Scenario.NameMaxLength.ToString(CultureInfo.InvariantCulture)));
        }

        if (definition.Description?.Trim() is { Length: > Scenario.DescriptionMaxLength })
        {
            problems.Add(new ScenarioProblem(ScenarioException.DescriptionTooLong, Detail: Scenario.DescriptionMaxLength.ToString(CultureInfo.InvariantCulture)));
        }

        var known = new Placeholders(
            ScenarioFields.For(definition.EntityType, definition.Steps, catalog).Select(f => f.Name).ToHashSet(StringComparer.Ordinal),
            ScenarioFields.ForLaunchValues(definition.EntityType, definition.Steps, catalog));
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            problems.AddRange(StepProblems(i + 1, definition.Steps[i], definition, catalog, known));
        }

        return problems;
    }

    /// <summary>Throws a <see cref="ScenarioException"/> carrying every problem, coded by the first.</summary>
    public static void Check(ScenarioDefinition definition, RobotCatalog catalog)
    {
        var problems = Problems(definition, catalog);
        if (problems.Count > 0)
        {
            throw new ScenarioException(problems[0].Code, $"The scenario cannot be saved: {string.Join(", ", problems.Select(p => $"{p.Where} ({p.Code})"))}.", problems);
        }
    }

    /// <summary>Admin-before-launch values that are still empty, in step order.</summary>
    public static IReadOnlyList<ScenarioProblem> MissingSettings(IEnumerable<ScenarioStep> steps) =>
        steps.SelectMany((step, index) => step.Inputs
            .Where(input => input.Source == ValueSource.AdminSetting && !input.HasValue)
            .Select(input => new ScenarioProblem(ScenarioException.SettingsMissing, index + 1, input.Name)))
            .ToList();

    public static ScenarioException SettingsMissingError(IReadOnlyList<ScenarioProblem> missing) =>
        new(ScenarioException.SettingsMissing,
            $"Fill in the scenario settings before activating it: {string.Join(", ", missing.Select(m => m.Where))}.",
            missing);

    /// <summary>The asked-at-launch inputs, in step order.</summary>
    public static IReadOnlyList<LaunchParameter> LaunchParameters(IEnumerable<ScenarioStep> steps, RobotCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(catalog);
        // A robot or input no longer in the catalogue asks nothing (its step fails when it runs).
        return steps
            .SelectMany(step => step.Inputs
                .Where(input => input.Source == ValueSource.LaunchParameter)
                .Select(input => (Input: input, Declared: catalog.Find(step.RobotKey)?.Input(input.Name)))
                .Where(pair => pair.Declared is not null)
                .Select(pair => new LaunchParameter(
                    ScenarioFields.ValueKey(step, pair.Input), pair.Input.Label ?? pair.Input.Name, pair.Declared!.Type, pair.Declared.Required, pair.Input.Value, pair.Declared.Options,
                    pair.Declared.MaxLength)))
            .ToList();
    }

    /// <summary>Whether a value fits its input's type; placeholders are checked separately.</summary>
    public static bool IsValidValue(RobotInputDescriptor input, string value)
    {
        ArgumentNullException.ThrowIfNull(input);
        return IsValidValue(input.Type, input.Options, value);
    }

    /// <summary>Whether a value fits a type (and, for a choice, one of its options): <see cref="InputTypes"/>.</summary>
    public static bool IsValidValue(InputType type, IReadOnlyList<string> options, string value)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(value);
        return InputTypes.Of(type).Accepts(value, options);
    }

    /// <summary>A "Wait" delay, stored as <c>d.hh:mm:ss</c>: more than zero, at most <see cref="MaxDelay"/>.</summary>
    public static bool TryParseDelay(string? value, out TimeSpan delay) =>
        TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out delay) && delay > TimeSpan.Zero && delay <= MaxDelay;

    /// <summary>Inputs whose values are templates: text the renderer fills in per entity.</summary>
    public static bool TakesPlaceholders(InputType type) => InputTypes.Of(type).TakesPlaceholders;

    private static IEnumerable<ScenarioProblem> StepProblems(int number, ScenarioStep step, ScenarioDefinition definition, RobotCatalog catalog, Placeholders known)
    {
        var robot = catalog.Find(step.RobotKey);
        if (robot is null)
        {
            yield return new ScenarioProblem(ScenarioException.UnknownRobot, number, Detail: step.RobotKey);
            yield break;
        }

        if (!robot.WorksOn(definition.EntityType))
        {
            yield return new ScenarioProblem(ScenarioException.RobotNotForEntity, number, Detail: robot.Key);
        }

        foreach (var unknown in step.Inputs.Where(i => robot.Input(i.Name) is null))
        {
            yield return new ScenarioProblem(ScenarioException.UnknownInput, number, unknown.Name);
        }

        foreach (var declared in robot.Inputs)
        {
            var input = step.Input(declared.Name);
            if (input is null || (input.Source == ValueSource.Fixed && !input.HasValue))
            {
                if (declared.Required)
                {
                    yield return new ScenarioProblem(ScenarioException.ValueMissing, number, declared.Name);
                }

                continue;
            }

            foreach (var problem in ValueProblems(number, declared, input, known))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<ScenarioProblem> ValueProblems(int number, RobotInputDescriptor declared, StepInput input, Placeholders known)
    {
        if (input.Label is { Length: > StepInput.LabelMaxLength })
        {
            yield return new ScenarioProblem(ScenarioException.LabelTooLong, number, input.Name, Detail: StepInput.LabelMaxLength.ToString(CultureInfo.InvariantCulture));
        }

        if (!input.HasValue)
        {
            yield break;
        }

        var value = input.Value!;
        if (value.Length > StepInput.ValueMaxLength)
        {
            yield return new ScenarioProblem(ScenarioException.ValueTooLong, number, input.Name, Detail: StepInput.ValueMaxLength.ToString(CultureInfo.InvariantCulture));
            yield break;
        }

        if (!TakesPlaceholders(declared.Type))
        {
            if (!IsValidValue(declared, value.Trim()))
            {
                yield return new ScenarioProblem(ScenarioException.ValueInvalid, number, input.Name, Detail: value);
            }

            yield break;
        }

        var errors = Template.Parse(value).Validate(input.Source == ValueSource.LaunchParameter ? known.InLaunchValues : known.All);
        foreach (var error in errors)
        {
            yield return new ScenarioProblem(error.Code, number, input.Name, error.Line, error.Column, error.Placeholder);
        }

        var problem = errors.Count == 0 ? InputRules.CheckTemplate(declared, value) : null;
        if (problem is { Limit: { } limit })
        {
            // Its own text is longer than the robot takes, whatever the placeholders become.
            yield return new ScenarioProblem(ScenarioException.ValueTooLong, number, input.Name, Detail: limit.ToString(CultureInfo.InvariantCulture));
        }
        else if (problem is { Code: ScenarioException.ValueInvalid })
        {
            // A fixed value without placeholders that the robot's rule refuses (a template name with capitals, an http link).
            yield return new ScenarioProblem(ScenarioException.ValueInvalid, number, input.Name, Detail: value);
        }
    }

    /// <summary>The placeholders a scenario's values may use, and the fewer its launch values may (<see cref="ScenarioFields.ForLaunchValues"/>).</summary>
    private sealed record Placeholders(IReadOnlySet<string> All, IReadOnlySet<string> InLaunchValues);

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
