using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>A problem with a process definition: the field it is about and an error key of the catalogue.</summary>
public sealed record ProcessProblem(string Field, string Code, string? Detail = null);

/// <summary>What a template must be to be saved.</summary>
public static class ProcessRules
{
    public const int MaxActivities = 50;
    public const int MaxDepth = 10;

    /// <summary>What is wrong with <paramref name="definition"/>; its robots are those of <paramref name="robots"/> a process may use.</summary>
    public static IReadOnlyList<ProcessProblem> Problems(ProcessDefinition definition, Robots.RobotCatalog robots)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(robots);
        var problems = new List<ProcessProblem>();
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            problems.Add(new("Name", ProcessErrors.NameRequired));
        }
        else if (definition.Name.Trim().Length > ProcessTemplate.NameMaxLength)
        {
            problems.Add(new("Name", ProcessErrors.NameTooLong));
        }

        if (definition.Description?.Length > ProcessTemplate.DescriptionMaxLength)
        {
            problems.Add(new("Description", ProcessErrors.DescriptionTooLong));
        }

        if (!definition.StartsManually && !definition.StartsOnCreate && !definition.StartsOnStageChange)
        {
            problems.Add(new("Start", ProcessErrors.NoStart));
        }

        if (definition.StartsOnStageChange && definition.EntityType is not (CrmEntityType.Deal or CrmEntityType.Lead))
        {
            // Only deals (stages) and leads (statuses) move; a contact's or company's process would never start.
            problems.Add(new("Start", ProcessErrors.NoStages));
        }

        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in definition.Parameters)
        {
            if (!IsKey(parameter.Key) || string.IsNullOrWhiteSpace(parameter.Name))
            {
                problems.Add(new($"Parameter.{parameter.Key}", ProcessErrors.ParameterInvalid, parameter.Key));
            }
            else if (!keys.Add(parameter.Key))
            {
                problems.Add(new($"Parameter.{parameter.Key}", ProcessErrors.ParameterDuplicate, parameter.Key));
            }
        }

        if (definition.Activities.Count == 0)
        {
            problems.Add(new("Activities", ProcessErrors.NoActivities));
        }
        else if (definition.Activities.Count > MaxActivities)
        {
            problems.Add(new("Activities", ProcessErrors.TooManyActivities));
        }

        for (var i = 0; i < definition.Activities.Count; i++)
        {
            var activity = definition.Activities[i];
            var field = $"Activity.{i + 1}";
            var robot = robots.Find(activity.Kind);
            if (activity.Kind != ProcessActivities.StartScenario && robot is not { InProcesses: true })
            {
                problems.Add(new(field, ProcessErrors.UnknownActivity, activity.Kind));
                continue;
            }

            foreach (var (name, value) in activity.Values)
            {
                if (Template.Parse(value).Errors.Count > 0)
                {
                    problems.Add(new($"{field}.{name}", ErrorCodes.ParameterInvalid, name));
                }
            }

            if (robot is not null)
            {
                // A robot's required inputs need a value here, or the robot's own default.
                foreach (var input in robot.Inputs)
                {
                    if (input.Required && string.IsNullOrWhiteSpace(activity.Value(input.Name)) && string.IsNullOrWhiteSpace(input.Default))
                    {
                        problems.Add(new($"{field}.{input.Name}", ErrorCodes.ParameterMissing, input.Name));
                    }
                }
            }
            else
            {
                if (ProcessActivities.ScenarioOf(activity) is null)
                {
                    problems.Add(new($"{field}.{ProcessActivities.Scenario}", ProcessErrors.ScenarioRequired));
                }

                if (string.IsNullOrWhiteSpace(activity.Value(ProcessActivities.ElementId)))
                {
                    problems.Add(new($"{field}.{ProcessActivities.ElementId}", ProcessErrors.ElementRequired));
                }

                if (ProcessActivities.RunAsOf(activity) == RunAsMode.User && string.IsNullOrWhiteSpace(activity.Value(ProcessActivities.RunAsUser)))
                {
                    problems.Add(new($"{field}.{ProcessActivities.RunAsUser}", ProcessErrors.RunAsUserRequired));
                }
            }
        }

        return problems;
    }

    private static bool IsKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 50 && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>The keys of a template's validation messages (localised by the host).</summary>
public static class ProcessErrors
{
    public const string NameRequired = "Process.Error.NameRequired";
    public const string NameTooLong = "Process.Error.NameTooLong";
    public const string DescriptionTooLong = "Process.Error.DescriptionTooLong";
    public const string NoStart = "Process.Error.NoStart";
    public const string NoStages = "Process.Error.NoStages";
    public const string ParameterInvalid = "Process.Error.ParameterInvalid";
    public const string ParameterDuplicate = "Process.Error.ParameterDuplicate";
    public const string NoActivities = "Process.Error.NoActivities";
    public const string TooManyActivities = "Process.Error.TooManyActivities";
    public const string UnknownActivity = "Process.Error.UnknownActivity";
    public const string ScenarioRequired = "Process.Error.ScenarioRequired";
    public const string ElementRequired = "Process.Error.ElementRequired";
    public const string RunAsUserRequired = "Process.Error.RunAsUserRequired";
}
