using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Domain.Processes;

/// <summary>A problem with a process definition: the field it is about and an error key of the catalogue.</summary>
public sealed record ProcessProblem(string Field, string Code, string? Detail = null);

/// <summary>What a template must be to be saved.</summary>
public static class ProcessRules
{
    /// <summary>Activities of a template, those in conditions' branches included.</summary>
    public const int MaxActivities = 50;

    /// <summary>How deep process instances may start each other (through the records they change) before the chain is refused as a loop.</summary>
    public const int MaxDepth = 10;

    /// <summary>How deep conditions may nest: branches of branches, up to this many levels.</summary>
    public const int MaxNesting = 5;

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

        var plan = ProcessPlan.Of(definition.Activities);
        if (definition.Activities.Count == 0)
        {
            problems.Add(new("Activities", ProcessErrors.NoActivities));
        }
        else if (plan.Count > MaxActivities)
        {
            problems.Add(new("Activities", ProcessErrors.TooManyActivities));
        }

        // Reported where it goes too deep, not again for everything deeper still.
        problems.AddRange(plan.Activities.Where(a => a.Nesting == MaxNesting + 1).Select(a => new ProcessProblem(a.Field, ProcessErrors.TooDeep)));
        new Walk(definition, robots, problems).Check(definition.Activities, string.Empty, new Dictionary<string, VariableType>(StringComparer.Ordinal));
        return problems;
    }

    internal static bool IsKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 50 && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Checks the activities in the order they run, knowing at each one the variables set before it: those of the activities
    /// above it and, after a condition, of any of its branches (the ones a sibling branch sets are not known inside another).
    /// </summary>
    private sealed class Walk(ProcessDefinition definition, Robots.RobotCatalog robots, List<ProcessProblem> problems)
    {
        private readonly Dictionary<string, VariableType> _declared = new(StringComparer.Ordinal);

        public void Check(IReadOnlyList<ProcessActivity> activities, string prefix, Dictionary<string, VariableType> known)
        {
            for (var i = 0; i < activities.Count; i++)
            {
                var activity = activities[i];
                var field = ProcessPlan.ActivityField(prefix, i);
                if (!CheckKind(activity, field))
                {
                    continue;
                }

                foreach (var (name, value) in activity.Values)
                {
                    if (Template.Parse(value).Errors.Count > 0)
                    {
                        problems.Add(new($"{field}.{name}", ErrorCodes.ParameterInvalid, name));
                    }
                }

                switch (activity.Kind)
                {
                    case ProcessActivities.Condition:
                        problems.AddRange(ProcessConditionRules.ConditionProblems(activity, field, Kinds(known)));
                        var after = new Dictionary<string, VariableType>(known, StringComparer.Ordinal);
                        var branches = ProcessActivities.BranchesOf(activity);
                        for (var b = 0; b < branches.Count; b++)
                        {
                            var inside = new Dictionary<string, VariableType>(known, StringComparer.Ordinal);
                            Check(branches[b].Activities, $"{ProcessPlan.BranchField(field, b)}.", inside);
                            foreach (var (name, type) in inside)
                            {
                                after[name] = type;
                            }
                        }

                        foreach (var (name, type) in after)
                        {
                            known[name] = type;
                        }

                        break;
                    case ProcessActivities.SetVariable:
                        problems.AddRange(ProcessConditionRules.VariableProblems(activity, field, Kinds(known)));
                        Declare(activity, field, known);
                        break;
                    case ProcessActivities.Wait:
                        problems.AddRange(ProcessWait.Problems(activity, field, Kinds(known)));
                        break;
                    case ProcessActivities.StartScenario:
                        CheckStartScenario(activity, field);
                        break;
                    default:
                        CheckRobot(activity, field);
                        break;
                }
            }
        }

        private bool CheckKind(ProcessActivity activity, string field)
        {
            if (activity.Kind is ProcessActivities.StartScenario or ProcessActivities.Condition or ProcessActivities.SetVariable or ProcessActivities.Wait
                || robots.Find(activity.Kind) is { InProcesses: true })
            {
                return true;
            }

            problems.Add(new(field, ProcessErrors.UnknownActivity, activity.Kind));
            return false;
        }

        private Dictionary<string, Scenarios.FieldKind> Kinds(Dictionary<string, VariableType> known) =>
            ProcessFields.Kinds(definition.EntityType, definition.Parameters, known.Select(v => ProcessFields.Variable(v.Key, v.Value)));

        private void Declare(ProcessActivity activity, string field, Dictionary<string, VariableType> known)
        {
            var name = activity.Value(ProcessActivities.VariableName)?.Trim();
            var type = ProcessActivities.VariableTypeOf(activity);
            if (!IsKey(name))
            {
                problems.Add(new($"{field}.{ProcessActivities.VariableName}", ProcessErrors.VariableNameInvalid, name));
                return;
            }

            // One name, one type: a condition on it is checked against that type wherever it was set.
            if (_declared.TryGetValue(name!, out var earlier) && earlier != type)
            {
                problems.Add(new($"{field}.{ProcessActivities.VariableTypeValue}", ProcessErrors.VariableTypeConflict, name));
            }

            _declared.TryAdd(name!, type);
            known[name!] = type;
        }

        private void CheckRobot(ProcessActivity activity, string field)
        {
            // A robot's required inputs need a value here, or the robot's own default.
            foreach (var input in robots.Find(activity.Kind)!.Inputs)
            {
                if (input.Required && string.IsNullOrWhiteSpace(activity.Value(input.Name)) && string.IsNullOrWhiteSpace(input.Default))
                {
                    problems.Add(new($"{field}.{input.Name}", ErrorCodes.ParameterMissing, input.Name));
                }
            }
        }

        private void CheckStartScenario(ProcessActivity activity, string field)
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
    public const string TooDeep = "Process.Error.TooDeep";
    public const string ConditionWithoutTest = "Process.Error.ConditionWithoutTest";
    public const string ElseNotLast = "Process.Error.ElseNotLast";
    public const string UnknownField = "Process.Error.UnknownField";
    public const string OperatorMismatch = "Process.Error.OperatorMismatch";
    public const string TypeMismatch = "Process.Error.TypeMismatch";
    public const string ComparisonValueRequired = "Process.Error.ComparisonValueRequired";
    public const string StagesRequired = "Process.Error.StagesRequired";
    public const string VariableNameInvalid = "Process.Error.VariableNameInvalid";
    public const string VariableTypeConflict = "Process.Error.VariableTypeConflict";
    public const string WaitModeInvalid = "Process.Error.WaitModeInvalid";
    public const string WaitAmountInvalid = "Process.Error.WaitAmountInvalid";
    public const string WaitDateRequired = "Process.Error.WaitDateRequired";
    public const string WaitDateNotDate = "Process.Error.WaitDateNotDate";
    public const string WaitNoStages = "Process.Error.WaitNoStages";
    public const string ImportNotJson = "Process.Error.ImportNotJson";
    public const string ImportNotAProcess = "Process.Error.ImportNotAProcess";
    public const string ImportUnsupportedVersion = "Process.Error.ImportUnsupportedVersion";
    public const string ImportUnexpectedValue = "Process.Error.ImportUnexpectedValue";
}
