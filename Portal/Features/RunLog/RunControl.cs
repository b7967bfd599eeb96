using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.Launch;

namespace Portal.Features.RunLog;

public enum RunCommandStatus
{
    Ok,
    NotFound,
    NoAccess,

    /// <summary>The run has already finished: there is nothing to stop.</summary>
    Finished,

    /// <summary>Only an administrator may do this.</summary>
    AdministratorsOnly,
}

/// <summary>
/// Stopping a run and running its failures again. Allowed to the person who launched it, administrators and
/// scenario managers; never to the support role, which only reads.
/// </summary>
public sealed class RunControl(IDbContextFactory<PortalDbContext> contextFactory, CrmAccess crmAccess, LaunchService launcher, TimeProvider clock)
{
    /// <summary>
    /// Items not started (or waiting between steps) become Terminated at once; a round in flight holds the
    /// run's share lock, so it finishes its current step first and this waits for it.
    /// </summary>
    public async Task<RunCommandStatus> StopAsync(string userId, long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = (await db.ScenarioRuns.FromSql($"""SELECT * FROM "ScenarioRuns" WHERE "Id" = {runId} FOR UPDATE""").ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (run is null)
        {
            return RunCommandStatus.NotFound;
        }

        if (!await MayControlAsync(db, userId, run, cancellationToken))
        {
            return RunCommandStatus.NoAccess;
        }

        if (!run.Status.IsActive())
        {
            return RunCommandStatus.Finished;
        }

        var now = clock.GetUtcNow();
        run.Stop(userId, now);
        await db.SaveChangesAsync(cancellationToken);
        await db.RunItems
            .Where(i => i.RunId == runId && (i.Status == ItemStatus.Queued || i.Status == ItemStatus.Running))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(i => i.Status, ItemStatus.Terminated)
                    .SetProperty(i => i.ResumeAt, (DateTimeOffset?)null)
                    .SetProperty(i => i.FinishedAt, now)
                    .SetProperty(i => i.UpdatedAt, now),
                cancellationToken);
        await Connectors.WhatsApp.MessageDispatcher.AbandonPendingAsync(db, runId, now, cancellationToken);
        await RunTotals.FreezeAsync(db, runId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RunCommandStatus.Ok;
    }

    /// <summary>
    /// A new run of the same scenario and answers, linked to this one, on its failed items only; launched like any other.
    /// The run page passes the launch token it made when it showed this run: a double click, or the request sent twice,
    /// gives one re-run, while a later, deliberate re-run (the page shown again) is a new one.
    /// </summary>
    public async Task<(RunCommandStatus Status, LaunchResult? Launch)> RerunFailedAsync(
        string userId, long runId, Guid? launchToken = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return (RunCommandStatus.NotFound, null);
        }

        if (!await MayControlAsync(db, userId, run, cancellationToken))
        {
            return (RunCommandStatus.NoAccess, null);
        }

        var failed = await db.RunItems.Where(i => i.RunId == runId && i.Status == ItemStatus.Failed)
            .Select(i => i.EntityId).ToListAsync(cancellationToken);
        var values = run.LaunchValues.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal);
        var result = await launcher.LaunchAsync(
            new LaunchRequest(run.ScenarioId, run.EntityType, failed, values, userId, run.Source, RerunOfId: run.Id, LaunchToken: launchToken), cancellationToken);
        return (RunCommandStatus.Ok, result);
    }

    /// <summary>
    /// The run's uncertain messages (their worker stopped during the call, so whether they went out is not known) go
    /// back to the outbox, knowingly: a recipient who did get one gets it twice. An administrator's decision only,
    /// checked here on the server whatever the page showed. Returns how many were queued again.
    /// </summary>
    public async Task<(RunCommandStatus Status, int Count)> SendUncertainAgainAsync(string userId, long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.ScenarioRuns.AnyAsync(r => r.Id == runId, cancellationToken))
        {
            return (RunCommandStatus.NotFound, 0);
        }

        if (!await UserRoles.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return (RunCommandStatus.AdministratorsOnly, 0);
        }

        var count = await Connectors.WhatsApp.MessageDispatcher.SendUncertainAgainAsync(db, runId, clock.GetUtcNow(), cancellationToken);
        return (RunCommandStatus.Ok, count);
    }

    /// <summary>Whether the user is an administrator (who may send uncertain messages again).</summary>
    public async Task<bool> IsAdministratorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await UserRoles.IsAdministratorAsync(db, userId, cancellationToken);
    }

    /// <summary>Whether the user may stop or re-run this run.</summary>
    public async Task<bool> MayControlAsync(string userId, ScenarioRun run, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await MayControlAsync(db, userId, run, cancellationToken);
    }

    private async Task<bool> MayControlAsync(PortalDbContext db, string userId, ScenarioRun run, CancellationToken cancellationToken)
    {
        var roles = await UserRoles.OfAsync(db, userId, cancellationToken);
        if (!roles.CanUse(PortalArea.Crm))
        {
            return false;
        }

        if (run.LaunchedById == userId)
        {
            return true;
        }

        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        return access.Rights.MayManageScenarios;
    }
}
