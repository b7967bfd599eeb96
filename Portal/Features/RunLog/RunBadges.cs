using MudBlazor;
using Portal.Domain.Processes;
using Portal.Domain.Runs;

namespace Portal.Features.RunLog;

/// <summary>
/// How runs, items, steps and business processes look wherever they are shown (run page, runs list, search, cards): a
/// run by its outcome (<see cref="RunOutcomeBadge"/>), the others by their status. Shown with <c>&lt;StatusChip&gt;</c>.
/// </summary>
public static class RunBadges
{
    /// <summary>A run as a whole: a run that failed records never looks like a success.</summary>
    public static Color ColorOf(RunOutcomeKind outcome) => outcome switch
    {
        RunOutcomeKind.Queued => Color.Default,
        RunOutcomeKind.Running => Color.Info,
        RunOutcomeKind.Completed => Color.Success,
        RunOutcomeKind.AllFailed => Color.Error,
        _ => Color.Warning,
    };

    public static Color ColorOf(ItemStatus status) => status switch
    {
        ItemStatus.Queued => Color.Default,
        ItemStatus.Running => Color.Info,
        ItemStatus.Completed => Color.Success,
        ItemStatus.Failed => Color.Error,
        _ => Color.Warning,
    };

    public static Color ColorOf(StepStatus status) => status switch
    {
        StepStatus.Completed => Color.Success,
        StepStatus.Waiting or StepStatus.Pending => Color.Info,
        _ => Color.Error,
    };

    public static Color ColorOf(ProcessStatus status) => status switch
    {
        ProcessStatus.Queued => Color.Default,
        ProcessStatus.Running => Color.Info,
        ProcessStatus.Waiting => Color.Warning,
        ProcessStatus.Completed => Color.Success,
        ProcessStatus.Stopped => Color.Warning,
        _ => Color.Error,
    };

}
