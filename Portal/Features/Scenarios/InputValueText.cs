using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Features.Scenarios;

/// <summary>
/// A robot input's value as people read it, by the input's type: a choice by its text, yes or no in words, a delay as
/// "5 minutes", a stage, user or line by its name, anything else as it is. The scenario preview, the launch dialog's
/// preview and the run log all show values through here; a new input type says here how it reads.
/// </summary>
public static class InputValueText
{
    public static string Of(IStringLocalizer localizer, ChoiceSet choices, string robotKey, RobotInputDescriptor input, CrmEntityType type, string? value)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(input);
        return value is null ? string.Empty : input.Type switch
        {
            InputType.Choice => localizer[input.OptionKey(robotKey, value)],
            InputType.YesNo => localizer[value == "true" ? "Launch.Yes" : "Launch.No"],
            InputType.Duration when ScenarioRules.TryParseDelay(value, out var delay) => Delay(localizer, delay),
            _ => choices.Show(input.Type, type, value),
        };
    }

    /// <summary>"5 minutes", "2 hours", "1 day" in the current culture.</summary>
    public static string Delay(IStringLocalizer localizer, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var (amount, unit) = DelayUnits.Split(delay);
        return $"{amount.ToString(CultureInfo.CurrentCulture)} {localizer[$"Scenarios.Unit.{unit}"]}";
    }
}
