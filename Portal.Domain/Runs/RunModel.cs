namespace Portal.Domain.Runs;

/// <summary>Where a launch came from: a person in a CRM list, a business process, the HTTP API.</summary>
public enum RunSource
{
    Ui,
    Process,
    Api,
}

/// <summary>A run as a whole. Whether some items failed is read from the item counts, not the status.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Stopped,
}

/// <summary>One entity of a run, as the systems this imitates name the states.</summary>
public enum ItemStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Terminated,
}

public enum StepStatus
{
    Completed,
    Failed,

    /// <summary>A "Wait" step: the item resumes at its <see cref="RunItem.ResumeAt"/> without holding a worker.</summary>
    Waiting,

    /// <summary>
    /// The step's effect is on its way (a message with the provider, or waiting for its next try): the item stays on
    /// the step and looks again at its <see cref="RunItem.ResumeAt"/>. Never stored as a step record.
    /// </summary>
    Pending,
}

public static class RunStatuses
{
    public static bool IsFinal(this ItemStatus status) => status is ItemStatus.Completed or ItemStatus.Failed or ItemStatus.Terminated;

    public static bool IsActive(this RunStatus status) => status is RunStatus.Queued or RunStatus.Running;
}
