using System.Globalization;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Scenarios;

/// <summary>
/// Resolves what a step's inputs are for one entity: the bound value (fixed, setting, or the launch value
/// with its default), then placeholders filled from the entity, the launch values and the settings, in one
/// pass. The preview, the launch dialog and the engine all resolve through here, so what is seen is what runs.
/// </summary>
/// <remarks>
/// A launch value (typed at launch or the admin's default) is a template like a fixed value: it is rendered once per
/// entity, against the entity and the settings, and "Launch.step1.Message" stands for what it rendered to. A value
/// substituted into a template is never parsed again. Launch values a business process passes are already rendered
/// (by the process, against its own record): those are taken as they are (<c>launchValuesAreTemplates: false</c>); a
/// question it left empty takes the admin's default, which is a template like any other.
/// </remarks>
public static class StepValues
{
    /// <summary>The placeholder values: the entity's fields plus "Launch.step1.Message" and "Settings.step1.Line".</summary>
    public static IReadOnlyDictionary<string, TemplateValue> Context(
        IReadOnlyDictionary<string, TemplateValue> entity,
        IEnumerable<ScenarioStep> steps,
        IReadOnlyDictionary<string, string> launchValues,
        CultureInfo culture,
        bool launchValuesAreTemplates = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(launchValues);
        var context = new Dictionary<string, TemplateValue>(entity, StringComparer.Ordinal);
        var asked = new List<(string Key, string? Value, bool Template)>();
        foreach (var step in steps)
        {
            foreach (var input in step.Inputs)
            {
                var key = ScenarioFields.ValueKey(step, input);
                if (input.Source == ValueSource.LaunchParameter)
                {
                    asked.Add(launchValues.TryGetValue(key, out var given)
                        ? (key, given, launchValuesAreTemplates)
                        : (key, input.Value, true));
                }
                else if (input.Source == ValueSource.AdminSetting)
                {
                    context[$"{ScenarioFields.SettingsPrefix}.{key}"] = TemplateValue.Text(input.Value);
                }
            }
        }

        // Launch values render against the entity and the settings, never against each other.
        var rendered = asked.Select(a => (a.Key, Value: a.Template ? RenderText(a.Value, context, culture) : a.Value)).ToList();
        foreach (var (key, value) in rendered)
        {
            context[$"{ScenarioFields.LaunchPrefix}.{key}"] = TemplateValue.Text(value);
        }

        return context;
    }

    /// <summary>The value an input has before rendering: fixed, setting, or launch value falling back to its default.</summary>
    public static string? Bound(ScenarioStep step, StepInput input, IReadOnlyDictionary<string, string> launchValues)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(launchValues);
        return input.Source == ValueSource.LaunchParameter
            ? launchValues.GetValueOrDefault(ScenarioFields.ValueKey(step, input)) ?? input.Value
            : input.Value;
    }

    /// <summary>The input's final value for one entity, or null when it has none.</summary>
    public static string? Resolve(
        RobotInputDescriptor declared,
        ScenarioStep step,
        StepInput input,
        IReadOnlyDictionary<string, TemplateValue> context,
        IReadOnlyDictionary<string, string> launchValues,
        CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var value = Bound(step, input, launchValues);
        if (value is null || !ScenarioRules.TakesPlaceholders(declared.Type))
        {
            return value;
        }

        // A launch value was rendered (or, from a process, taken as it is) once, for the context.
        return input.Source == ValueSource.LaunchParameter
            && context.TryGetValue($"{ScenarioFields.LaunchPrefix}.{ScenarioFields.ValueKey(step, input)}", out var asked)
            ? asked.Format(culture)
            : RenderText(value, context, culture, InputTypes.Of(declared.Type).EncodeFilledIn);
    }

    /// <summary>
    /// Every declared input of a step for one entity, by input name, as the robot gets it: an input the step
    /// does not bind takes the robot's default, and an empty value is null.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ResolveStep(
        RobotDescriptor robot,
        ScenarioStep step,
        IReadOnlyDictionary<string, TemplateValue> context,
        IReadOnlyDictionary<string, string> launchValues,
        CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(step);
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var declared in robot.Inputs)
        {
            var bound = step.Input(declared.Name) ?? new StepInput(declared.Name, ValueSource.Fixed, declared.Default);
            var value = Resolve(declared, step, bound, context, launchValues, culture);
            inputs[declared.Name] = string.IsNullOrWhiteSpace(value) ? null : value;
        }

        return inputs;
    }

    /// <summary>A template rendered in one pass; a value with syntax errors (refused at save and at launch) is kept as it is.</summary>
    private static string? RenderText(string? value, IReadOnlyDictionary<string, TemplateValue> context, CultureInfo culture, Func<string, string>? encode = null)
    {
        if (value is null)
        {
            return null;
        }

        var template = Template.Parse(value);
        return template.Errors.Count > 0 ? value : TemplateRenderer.Render(template, context, culture, encode);
    }
}
