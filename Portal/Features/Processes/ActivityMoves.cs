namespace Portal.Features.Processes;

/// <summary>Where a nested activity list sits: the list its condition is in, so that an activity can be moved out to just after it.</summary>
public sealed record ActivityListPlace(List<ActivityDraft> Outer, ActivityDraft Condition);

/// <summary>
/// How the editor moves an activity: up or down its own list, into a branch of a condition beside it (at the branch's end),
/// or out of a branch to just after its condition. Each move keeps the activity's settings and nested branches as they are.
/// </summary>
public static class ActivityMoves
{
    public static void Move(List<ActivityDraft> list, ActivityDraft activity, int by)
    {
        ArgumentNullException.ThrowIfNull(list);
        var from = list.IndexOf(activity);
        var to = from + by;
        if (from < 0 || to < 0 || to >= list.Count)
        {
            return;
        }

        list.RemoveAt(from);
        list.Insert(to, activity);
    }

    public static void Into(List<ActivityDraft> list, ActivityDraft activity, BranchDraft branch)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(branch);
        if (!branch.Activities.Contains(activity) && list.Remove(activity))
        {
            branch.Activities.Add(activity);
        }
    }

    public static void Out(List<ActivityDraft> branch, ActivityDraft activity, ActivityListPlace place)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(place);
        var at = place.Outer.IndexOf(place.Condition);
        if (at >= 0 && branch.Remove(activity))
        {
            place.Outer.Insert(at + 1, activity);
        }
    }
}
