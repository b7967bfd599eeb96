namespace Portal.Domain.Runs;

/// <summary>
/// What a run came to, as every page shows it: while it goes on, its status; once over, whether its records all
/// went through, some failed, all failed, or it was stopped.
/// </summary>
public enum RunOutcomeKind
{
    Queued,
    Running,
    Completed,
    CompletedWithFailures,
    AllFailed,
    Stopped,
}

/// <summary>
/// A run's outcome with the counts behind it. <see cref="Failed"/> is part of the outcome only once the run is over
/// (it is 0 while the run goes on: the run page counts its items live).
/// </summary>
public readonly record struct RunOutcome(RunOutcomeKind Kind, int Failed, int Items)
{
    /// <summary>The outcome of a run of <paramref name="items"/> records of which <paramref name="failed"/> failed.</summary>
    public static RunOutcome Of(RunStatus status, int items, int failed)
    {
        var kind = KindOf(status, failed > 0, failed >= items);
        return new RunOutcome(kind, kind.IsOver() ? failed : 0, items);
    }

    /// <summary>
    /// The one rule behind every outcome, from whether some and whether all records failed (the run log groups and
    /// filters runs in SQL by these two conditions).
    /// </summary>
    public static RunOutcomeKind KindOf(RunStatus status, bool someFailed, bool allFailed) => status switch
    {
        RunStatus.Queued => RunOutcomeKind.Queued,
        RunStatus.Running => RunOutcomeKind.Running,
        RunStatus.Stopped => RunOutcomeKind.Stopped,
        _ when !someFailed => RunOutcomeKind.Completed,
        _ when allFailed => RunOutcomeKind.AllFailed,
        _ => RunOutcomeKind.CompletedWithFailures,
    };

    public bool IsOver => Kind.IsOver();
}

public static class RunOutcomeKinds
{
    public static bool IsOver(this RunOutcomeKind kind) => kind is not (RunOutcomeKind.Queued or RunOutcomeKind.Running);
}
