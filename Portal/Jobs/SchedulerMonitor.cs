using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Quartz;

namespace Portal.Jobs;

public sealed record SchedulerNode(string InstanceId, DateTimeOffset LastCheckIn, TimeSpan CheckInInterval, bool Alive);

public sealed record RunningJob(string JobGroup, string JobName, string TriggerName, string Node, DateTimeOffset FiredAt);

public sealed record ScheduledTrigger(
    string JobGroup,
    string JobName,
    string TriggerName,
    string State,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? PreviousFireAt);

/// <summary>
/// What the scheduler page shows, read from the shared store so it covers every node of the
/// cluster (Quartz's in-process API only knows about the local node).
/// </summary>
public sealed class SchedulerMonitor(
    IDbContextFactory<PortalDbContext> contextFactory,
    ISchedulerFactory schedulerFactory,
    TimeProvider clock)
{
    private const int ListLimit = 50;

    public async Task<string> SchedulerNameAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        return scheduler.SchedulerName;
    }

    public async Task<IReadOnlyList<SchedulerNode>> NodesAsync(CancellationToken cancellationToken = default)
    {
        var name = await SchedulerNameAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database
            .SqlQuery<NodeRow>($"""
                SELECT instance_name AS "InstanceName", last_checkin_time AS "LastCheckinTime", checkin_interval AS "CheckinInterval"
                FROM qrtz_scheduler_state WHERE sched_name = {name} ORDER BY instance_name
                """)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return rows
            .Select(r =>
            {
                var lastCheckIn = FromTicks(r.LastCheckinTime)!.Value;
                var interval = TimeSpan.FromMilliseconds(r.CheckinInterval);
                return new SchedulerNode(r.InstanceName, lastCheckIn, interval, now - lastCheckIn < interval * 3);
            })
            .ToList();
    }

    public async Task<IReadOnlyList<RunningJob>> RunningAsync(CancellationToken cancellationToken = default)
    {
        var name = await SchedulerNameAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database
            .SqlQuery<FiredRow>($"""
                SELECT coalesce(job_group, '') AS "JobGroup", coalesce(job_name, '') AS "JobName", trigger_name AS "TriggerName",
                       instance_name AS "InstanceName", fired_time AS "FiredTime"
                FROM qrtz_fired_triggers WHERE sched_name = {name} AND state = 'EXECUTING'
                ORDER BY fired_time LIMIT {ListLimit}
                """)
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new RunningJob(r.JobGroup, r.JobName, r.TriggerName, r.InstanceName, FromTicks(r.FiredTime)!.Value))
            .ToList();
    }

    public async Task<IReadOnlyList<ScheduledTrigger>> ScheduledAsync(CancellationToken cancellationToken = default)
    {
        var name = await SchedulerNameAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database
            .SqlQuery<TriggerRow>($"""
                SELECT job_group AS "JobGroup", job_name AS "JobName", trigger_name AS "TriggerName", trigger_state AS "TriggerState",
                       next_fire_time AS "NextFireTime", prev_fire_time AS "PrevFireTime"
                FROM qrtz_triggers WHERE sched_name = {name}
                ORDER BY next_fire_time NULLS LAST LIMIT {ListLimit}
                """)
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new ScheduledTrigger(
                r.JobGroup, r.JobName, r.TriggerName, r.TriggerState, FromTicks(r.NextFireTime), FromTicks(r.PrevFireTime)))
            .ToList();
    }

    public async Task<IReadOnlyList<JobExecution>> RecentExecutionsAsync(
        bool failuresOnly,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.JobExecutions.AsNoTracking();
        if (failuresOnly)
        {
            query = query.Where(e => e.Outcome == JobExecutionOutcome.Failed);
        }

        return await query.OrderByDescending(e => e.StartedAt).Take(ListLimit).ToListAsync(cancellationToken);
    }

    public async Task<SchedulerCheck?> LatestCheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.SchedulerChecks.AsNoTracking().OrderByDescending(c => c.RequestedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Writes a check and schedules <see cref="SchedulerCheckJob"/> to complete it on any node.</summary>
    public async Task<SchedulerCheck> RequestCheckAsync(string requestedBy, CancellationToken cancellationToken = default)
    {
        var check = new SchedulerCheck { Id = Guid.NewGuid(), RequestedBy = requestedBy, RequestedAt = clock.GetUtcNow() };
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.SchedulerChecks.Add(check);
            await db.SaveChangesAsync(cancellationToken);
        }

        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .ForJob(SchedulerCheckJob.Key)
            .WithIdentity($"check-{check.Id:N}", "system")
            .UsingJobData(SchedulerCheckJob.CheckIdKey, check.Id.ToString())
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        return check;
    }

    private static DateTimeOffset? FromTicks(long? ticks) =>
        ticks is > 0 ? new DateTimeOffset(ticks.Value, TimeSpan.Zero) : null;

    private sealed record NodeRow(string InstanceName, long LastCheckinTime, long CheckinInterval);

    private sealed record FiredRow(string JobGroup, string JobName, string TriggerName, string InstanceName, long FiredTime);

    private sealed record TriggerRow(
        string JobGroup,
        string JobName,
        string TriggerName,
        string TriggerState,
        long? NextFireTime,
        long? PrevFireTime);
}
