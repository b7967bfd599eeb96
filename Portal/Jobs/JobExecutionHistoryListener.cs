using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Writes every job execution on this node to <see cref="JobExecution"/>, so the scheduler page
/// shows what ran where and what failed, for the whole cluster.
/// </summary>
public sealed partial class JobExecutionHistoryListener(
    IDbContextFactory<PortalDbContext> contextFactory,
    TimeProvider clock,
    ILogger<JobExecutionHistoryListener> logger) : IJobListener
{
    public string Name => nameof(JobExecutionHistoryListener);

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var execution = new JobExecution
        {
            FireInstanceId = context.FireInstanceId,
            JobGroup = context.JobDetail.Key.Group,
            JobName = context.JobDetail.Key.Name,
            JobType = context.JobDetail.JobType.Type.Name,
            TriggerName = context.Trigger.Key.Name,
            Node = context.Scheduler.SchedulerInstanceId,
            Recovering = context.Recovering,
            StartedAt = clock.GetUtcNow(),
            Outcome = JobExecutionOutcome.Running,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.JobExecutions.Add(execution);
        await db.SaveChangesAsync(cancellationToken);
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        FinishAsync(context, JobExecutionOutcome.Vetoed, null, cancellationToken);

    public ValueTask JobWasExecuted(
        IJobExecutionContext context,
        JobExecutionException? jobException,
        CancellationToken cancellationToken = default) =>
        FinishAsync(
            context,
            jobException is null ? JobExecutionOutcome.Succeeded : JobExecutionOutcome.Failed,
            jobException?.InnerException?.Message ?? jobException?.Message,
            cancellationToken);

    private async ValueTask FinishAsync(
        IJobExecutionContext context,
        JobExecutionOutcome outcome,
        string? error,
        CancellationToken cancellationToken)
    {
        var fireInstanceId = context.FireInstanceId;
        if (error is { Length: > JobExecution.ErrorMaxLength })
        {
            error = error[..JobExecution.ErrorMaxLength];
        }

        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var finishedAt = clock.GetUtcNow();
            await db.JobExecutions
                .Where(e => e.FireInstanceId == fireInstanceId)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(e => e.Outcome, outcome)
                        .SetProperty(e => e.FinishedAt, finishedAt)
                        .SetProperty(e => e.Error, error),
                    cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException)
        {
            LogFinishNotRecorded(logger, ex, fireInstanceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of job firing {FireInstanceId}")]
    private static partial void LogFinishNotRecorded(ILogger logger, Exception exception, string fireInstanceId);
}
