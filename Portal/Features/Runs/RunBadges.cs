using Portal.Domain.Processes;
using Portal.Domain.Runs;
using Radzen;

namespace Portal.Features.Runs;

/// <summary>
/// How runs, items, steps and business processes look wherever they are shown (run page, runs list, search, cards): a
/// run by its outcome (<see cref="RunOutcomeBadge"/>), the others by their status.
/// </summary>
public static class RunBadges
{
    /// <summary>A run as a whole: a run that failed records never looks like a success.</summary>
    public static BadgeStyle For(RunOutcomeKind outcome) => outcome switch
    {
        RunOutcomeKind.Queued => BadgeStyle.Light,
        RunOutcomeKind.Running => BadgeStyle.Info,
        RunOutcomeKind.Completed => BadgeStyle.Success,
        RunOutcomeKind.AllFailed => BadgeStyle.Danger,
        _ => BadgeStyle.Warning,
    };

    public static BadgeStyle For(ItemStatus status) => status switch
    {
        ItemStatus.Queued => BadgeStyle.Light,
        ItemStatus.Running => BadgeStyle.Info,
        ItemStatus.Completed => BadgeStyle.Success,
        ItemStatus.Failed => BadgeStyle.Danger,
        _ => BadgeStyle.Warning,
    };

    public static BadgeStyle For(StepStatus status) => status switch
    {
        StepStatus.Completed => BadgeStyle.Success,
        StepStatus.Waiting or StepStatus.Pending => BadgeStyle.Info,
        _ => BadgeStyle.Danger,
    };

    public static BadgeStyle For(ProcessStatus status) => status switch
    {
        ProcessStatus.Queued => BadgeStyle.Light,
        ProcessStatus.Running => BadgeStyle.Info,
        ProcessStatus.Completed => BadgeStyle.Success,
        _ => BadgeStyle.Danger,
    };
}
