using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Domain.Runs;

/// <summary>A launch value that is wrong: which parameter, which error code, and what about it (a length, a type).</summary>
public sealed record LaunchProblem(string Key, string Code, string? Detail = null);

/// <summary>
/// Checks launch values against a scenario's launch parameters, the same for the launch dialog, the
/// business-process activity and the API: required values present (an empty answer takes the default),
/// each value of its type, none too long, no answer to a question the scenario does not ask.
/// </summary>
public static class LaunchRules
{
    /// <summary>The values the run keeps: trimmed answers, with defaults for the questions left empty.</summary>
    public static IReadOnlyDictionary<string, string> Effective(
        IReadOnlyList<LaunchParameter> parameters,
        IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var effective = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var value = Answer(parameter, values);
            if (value is not null)
            {
                effective[parameter.Key] = value;
            }
        }

        return effective;
    }

    public static IReadOnlyList<LaunchProblem> Problems(
        IReadOnlyList<LaunchParameter> parameters,
        IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var problems = new List<LaunchProblem>();
        var known = parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(values.Keys.Where(key => !known.Contains(key)).Order(StringComparer.Ordinal)
            .Select(key => new LaunchProblem(key, ErrorCodes.ParameterInvalid, "unknown")));
        foreach (var parameter in parameters)
        {
            var value = Answer(parameter, values);
            if (value is null)
            {
                if (parameter.Required)
                {
                    problems.Add(new LaunchProblem(parameter.Key, ErrorCodes.ParameterMissing));
                }
            }
            else if (value.Length > StepInput.ValueMaxLength)
            {
                problems.Add(new LaunchProblem(
                    parameter.Key, ErrorCodes.ParameterInvalid, string.Create(CultureInfo.InvariantCulture, $"length {value.Length} > {StepInput.ValueMaxLength}")));
            }
            else if (!ScenarioRules.IsValidValue(parameter.Type, parameter.Options, value))
            {
                problems.Add(new LaunchProblem(parameter.Key, ErrorCodes.ParameterInvalid, parameter.Type.ToString()));
            }
        }

        return problems;
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
        return parameter.Type is InputType.MultiLine ? value : value.Trim();
    }
}
