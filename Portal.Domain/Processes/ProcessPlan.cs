using System.Globalization;

namespace Portal.Domain.Processes;

/// <summary>
/// One activity of a process tree, numbered: its <see cref="Ordinal"/> (its place in reading order, top to bottom, a
/// condition before its branches' activities), its <see cref="Field"/> (where its problems are reported:
/// <c>Activity.2.Branch.1.Activity.3</c>), what runs after it (<see cref="Next"/>) and, for a condition, where each of
/// its branches starts (<see cref="BranchStarts"/>: the branch's first activity, or <see cref="Next"/> for an empty one).
/// </summary>
public sealed record PlannedActivity(int Ordinal, ProcessActivity Activity, string Field, int Nesting, int Next, IReadOnlyList<int> BranchStarts);

/// <summary>
/// A process's activities, nested in conditions' branches, numbered in reading order. An instance's position is one of
/// these ordinals (or <see cref="Count"/>: the end), so a position inside nested branches is one number that survives a
/// restart; a process never runs an activity twice (it has no loops), so the ordinal also names the activity's effects (the
/// scenario run an activity launched, its log lines). For a list without conditions the ordinals are the list's indexes.
/// </summary>
public sealed class ProcessPlan
{
    private readonly List<PlannedActivity> _activities = [];

    private ProcessPlan()
    {
    }

    /// <summary>How many activities there are, nested ones included; also the position of the end.</summary>
    public int Count => _activities.Count;

    public PlannedActivity this[int ordinal] => _activities[ordinal];

    public IReadOnlyList<PlannedActivity> Activities => _activities;

    public static ProcessPlan Of(IReadOnlyList<ProcessActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var plan = new ProcessPlan();
        plan.Add(activities, string.Empty, 0, Size(activities));
        return plan;
    }

    /// <summary>The field of the <paramref name="index"/>th (0-based) activity of a list: <c>Activity.3</c> under <paramref name="prefix"/>.</summary>
    public static string ActivityField(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}Activity.{index + 1}");

    /// <summary>The field of a condition's <paramref name="index"/>th (0-based) branch: <c>Activity.2.Branch.1</c>.</summary>
    public static string BranchField(string activity, int index) => string.Create(CultureInfo.InvariantCulture, $"{activity}.Branch.{index + 1}");

    private void Add(IReadOnlyList<ProcessActivity> list, string prefix, int nesting, int after)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var activity = list[i];
            var ordinal = _activities.Count;
            var next = i + 1 < list.Count ? ordinal + Size(activity) : after;
            var field = ActivityField(prefix, i);
            var starts = new List<int>();
            _activities.Add(new PlannedActivity(ordinal, activity, field, nesting, next, starts));
            var branches = ProcessActivities.BranchesOf(activity);
            for (var b = 0; b < branches.Count; b++)
            {
                starts.Add(branches[b].Activities.Count > 0 ? _activities.Count : next);
                Add(branches[b].Activities, $"{BranchField(field, b)}.", nesting + 1, next);
            }
        }
    }

    private static int Size(IReadOnlyList<ProcessActivity> list) => list.Sum(Size);

    private static int Size(ProcessActivity activity) => 1 + ProcessActivities.BranchesOf(activity).Sum(b => Size(b.Activities));
}
