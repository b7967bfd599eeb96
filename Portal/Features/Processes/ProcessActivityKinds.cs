using Portal.Domain.Processes;

namespace Portal.Features.Processes;

/// <summary>An activity kind the editor offers besides the robots: the key of its menu text, and a new activity of it.</summary>
public sealed record ProcessActivityKind(string Kind, string TitleKey, Func<ActivityDraft> New);

/// <summary>
/// The activity kinds of the processes' own (not robots), in the order the add menu offers them. A new kind is one line
/// here and one case in <c>ProcessActivitySettings</c>, which shows its settings.
/// </summary>
public static class ProcessActivityKinds
{
    public static IReadOnlyList<ProcessActivityKind> All { get; } =
    [
        new(ProcessActivities.StartScenario, "ProcessAdmin.Activity.StartScenario", () => ActivityDraft.From(ProcessActivities.NewStartScenario())),
        new(ProcessActivities.Condition, "ProcessAdmin.Activity.Condition", () => new ActivityDraft
        {
            Kind = ProcessActivities.Condition,
            Branches = [BranchDraft.NewTest(), new BranchDraft()],
        }),
        new(ProcessActivities.SetVariable, "ProcessAdmin.Activity.SetVariable", () => ActivityDraft.From(ProcessActivities.NewSetVariable(string.Empty, VariableType.Text, string.Empty))),
        new(ProcessActivities.Wait, "ProcessAdmin.Activity.Wait", () => ActivityDraft.From(ProcessWait.New(WaitMode.Duration, 1, WaitUnit.Days))),
    ];

    public static ProcessActivityKind? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}
