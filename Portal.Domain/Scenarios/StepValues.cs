using System.Globalization;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Scenarios;

/// <summary>
/// Resolves what a step's inputs are for one entity: the bound value (fixed, setting, or the launch value
/// with its default), then placeholders filled from the entity, the launch values and the settings, in one
/// pass. The preview and the engine both resolve through here, so what the admin sees is what runs.
/// </summary>
public static class StepValues
{
    /// <summary>The placeholder values: the entity's fields plus "Launch.step1.Message" and "Settings.step1.Line".</summary>
    public static IReadOnlyDictionary<string, TemplateValue> Context(
        IReadOnlyDictionary<string, TemplateValue> entity,
        IEnumerable<ScenarioStep> steps,
        IReadOnlyDictionary<string, string> launchValues)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(launchValues);
        var context = new Dictionary<string, TemplateValue>(entity, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var input in step.Inputs)
            {
                var key = ScenarioFields.ValueKey(step, input);
                if (input.Source == ValueSource.LaunchParameter)
                {
                    context[$"{ScenarioFields.LaunchPrefix}.{key}"] = TemplateValue.Text(launchValues.GetValueOrDefault(key) ?? input.Value);
                }
                else if (input.Source == ValueSource.AdminSetting)
                {
                    context[$"{ScenarioFields.SettingsPrefix}.{key}"] = TemplateValue.Text(input.Value);
                }
            }
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
        var value = Bound(step, input, launchValues);
        var typedAtLaunch = input.Source == ValueSource.LaunchParameter && launchValues.ContainsKey(ScenarioFields.ValueKey(step, input));
        if (value is null || typedAtLaunch || !ScenarioRules.TakesPlaceholders(declared.Type))
        {
            // A value typed at launch is taken as it is: it is never a template.
            return value;
        }

        var template = Template.Parse(value);
        return template.Errors.Count > 0 ? value : TemplateRenderer.Render(template, context, culture);
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
}
