using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Runs;

/// <summary>
/// A launch value that is wrong: which parameter, which error code, and what about it (a type, an unknown placeholder);
/// for a value too long, <see cref="Length"/> and <see cref="Limit"/>.
/// </summary>
public sealed record LaunchProblem(string Key, string Code, string? Detail = null, int? Length = null, int? Limit = null);

/// <summary>
/// Checks launch values against a scenario's launch parameters, the same for the launch dialog, the
/// business-process activity and the API: required values present (an empty answer takes the default),
/// each value of its type and within the robot's limits (<see cref="InputRules"/>, as the engine checks them),
/// none too long to store, no answer to a question the scenario does not ask. A value that takes placeholders
/// is a template: a syntax error or a placeholder it may not use is refused, and its own text must fit the limit
/// (what each record renders to is the pre-check's business).
/// </summary>
public static class LaunchRules
{
    /// <summary>
    /// The values the run keeps: trimmed answers, with defaults for the questions left empty. Without
    /// <paramref name="withDefaults"/> (a business process's launch, whose values are final text) only the answers given:
    /// a question left empty keeps its default in the run's snapshot, where it is still a template rendered per record.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Effective(
        IReadOnlyList<LaunchParameter> parameters,
        IReadOnlyDictionary<string, string?> values,
        bool withDefaults = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var effective = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var value = withDefaults || !string.IsNullOrWhiteSpace(values.GetValueOrDefault(parameter.Key)) ? Answer(parameter, values) : null;
            if (value is not null)
            {
                effective[parameter.Key] = value;
            }
        }

        return effective;
    }

    /// <summary>
    /// Every problem of the answers. <paramref name="placeholders"/> are those the values may use
    /// (<see cref="ScenarioFields.ForLaunchValues"/>); null when the values are not templates but final text (a
    /// business process's, rendered already), checked as the robot will get them.
    /// </summary>
    public static IReadOnlyList<LaunchProblem> Problems(
        IReadOnlyList<LaunchParameter> parameters,
        IReadOnlyDictionary<string, string?> values,
        IReadOnlySet<string>? placeholders)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var problems = new List<LaunchProblem>();
        var known = parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(values.Keys.Where(key => !known.Contains(key)).Order(StringComparer.Ordinal)
            .Select(key => new LaunchProblem(key, ErrorCodes.ParameterInvalid, "unknown")));
        foreach (var parameter in parameters)
        {
            if (Problem(parameter, Answer(parameter, values), placeholders) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static LaunchProblem? Problem(LaunchParameter parameter, string? value, IReadOnlySet<string>? placeholders)
    {
        if (value is not null && value.Length > StepInput.ValueMaxLength)
        {
            return new LaunchProblem(parameter.Key, ErrorCodes.ParameterTooLong, null, value.Length, StepInput.ValueMaxLength);
        }

        if (value is not null && placeholders is not null && ScenarioRules.TakesPlaceholders(parameter.Type)
            && Template.Parse(value).Validate(placeholders) is [var error, ..])
        {
            return new LaunchProblem(parameter.Key, error.Code, error.Placeholder);
        }

        var input = parameter.Input;
        var problem = value is not null && placeholders is not null ? InputRules.CheckTemplate(input, value) : InputRules.Check(input, value);
        return problem is null ? null : new LaunchProblem(parameter.Key, problem.Code, problem.Value is null ? null : parameter.Type.ToString(), problem.Length, problem.Limit);
    }

    private static string? Answer(LaunchParameter parameter, IReadOnlyDictionary<string, string?> values)
    {
        var typed = values.GetValueOrDefault(parameter.Key);
        var value = string.IsNullOrWhiteSpace(typed) ? parameter.Default : typed;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Text keeps its inner spacing and lines; other types are compared trimmed.
        return InputTypes.Of(parameter.Type).KeepsSpacing ? value : value.Trim();
    }
}
