using Portal.Domain.Processes;
using Portal.Domain.Runs;
using Radzen;

namespace Portal.Features.Runs;

/// <summary>How the statuses of runs, items, steps and business processes look wherever they are shown (run page, runs list, search, cards).</summary>
public static class RunBadges
{
    public static BadgeStyle For(RunStatus status) => status switch
    {
        RunStatus.Queued => BadgeStyle.Light,
        RunStatus.Running => BadgeStyle.Info,
        RunStatus.Completed => BadgeStyle.Success,
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
