using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Scenarios;

/// <summary>
/// A value a robot input cannot take: <see cref="Code"/> is an error code of the catalogue; <see cref="Length"/> and
/// <see cref="Limit"/> say by how much a value is too long.
/// </summary>
public sealed record InputProblem(string Code, string Input, int? Length = null, int? Limit = null, string? Value = null)
{
    /// <summary>The detail the run log keeps: "Message: 5000 > 4096", "Delay: 90.00:00:00"; none for a missing phone (the record has none).</summary>
    public string? Detail => Code == ErrorCodes.PhoneMissing ? null
        : Length is { } length && Limit is { } limit
        ? string.Create(CultureInfo.InvariantCulture, $"{Input}: {length} > {limit}")
        : Value is null ? Input : $"{Input}: {Value}";
}

/// <summary>
/// The limits of a robot input's value (present when required, no longer than the robot takes, of its type, one of its
/// choices, in range), in one place for both callers: the engine checks the value each record renders to before the
/// robot runs; the launch dialog checks what is typed, and its pre-check what each record would render to.
/// </summary>
public static class InputRules
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>What is wrong with a value as the robot gets it (placeholders filled in), or null.</summary>
    public static InputProblem? Check(RobotInputDescriptor declared, string? value)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (string.IsNullOrWhiteSpace(value))
        {
            return declared.Required ? new InputProblem(ErrorCodes.ParameterMissing, declared.Name) : null;
        }

        if (declared.MaxLength is { } limit && value.Length > limit)
        {
            return new InputProblem(ErrorCodes.ParameterTooLong, declared.Name, value.Length, limit);
        }

        if (declared.Pattern is { } pattern && !Regex.IsMatch(value.Trim(), pattern, RegexOptions.CultureInvariant, PatternTimeout))
        {
            return new InputProblem(ErrorCodes.ParameterInvalid, declared.Name, Value: declared.Secret ? null : value);
        }

        // Filled in: a value of any type is checked against it (an address, a JSON document, a choice, a number).
        return ScenarioRules.IsValidValue(declared, value.Trim())
            ? null
            : new InputProblem(ErrorCodes.ParameterInvalid, declared.Name, Value: declared.Secret ? null : value);
    }

    /// <summary>
    /// The first input of a robot whose value (as the robot gets it) it cannot take, or null when the robot may run: what
    /// the engine fails the record with before the robot runs, and what the launch dialog's pre-check says the record
    /// will fail with. An empty phone is the record's lack of a number; any other empty required value is a missing
    /// parameter. <paramref name="skip"/> leaves inputs out (the pre-check's answers already refused on their field).
    /// </summary>
    public static (RobotInputDescriptor Input, InputProblem Problem)? FirstProblem(
        RobotDescriptor robot, IReadOnlyDictionary<string, string?> inputs, Func<RobotInputDescriptor, bool>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in robot.Inputs)
        {
            if (skip?.Invoke(input) == true || Check(input, inputs.GetValueOrDefault(input.Name)) is not { } problem)
            {
                continue;
            }

            return (input, problem.Code == ErrorCodes.ParameterMissing && input.Type == InputType.Phone
                ? new InputProblem(ErrorCodes.PhoneMissing, input.Name)
                : problem);
        }

        return null;
    }

    /// <summary>
    /// What is wrong with a value before it is rendered: a template's own text already over the limit is too long
    /// whatever the placeholders become; a value that takes no placeholders, or has none, is checked as it is.
    /// </summary>
    public static InputProblem? CheckTemplate(RobotInputDescriptor declared, string value)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(value);
        if (!ScenarioRules.TakesPlaceholders(declared.Type))
        {
            return Check(declared, value);
        }

        var template = Template.Parse(value);
        if (!template.Placeholders.Any())
        {
            return Check(declared, value);
        }

        var literal = template.LiteralLength;
        return declared.MaxLength is { } limit && literal > limit
            ? new InputProblem(ErrorCodes.ParameterTooLong, declared.Name, literal, limit)
            : null;
    }
}
