using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Robots;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;
using Portal.Features.RunLog;

namespace Portal.Features.Processes;

public sealed record ProcessTemplateRow(
    long Id, string Name, CrmEntityType EntityType, bool IsActive, bool StartsManually, bool StartsOnCreate, bool StartsOnStageChange, int Activities, DateTimeOffset ModifiedAt);

public sealed record ProcessTemplateEdit(long Id, uint Version, ProcessDefinition Definition);

public sealed record ProcessSaveResult(CommandStatus Status, long? Id = null, IReadOnlyList<ProcessProblem>? Problems = null)
{
    public IReadOnlyList<ProcessProblem> AllProblems => Problems ?? [];
}

/// <summary>Business-process templates for administrators (Settings → Business processes): list, edit, delete.</summary>
public sealed class ProcessAdmin(IDbContextFactory<PortalDbContext> contextFactory, RobotCatalog robots, TimeProvider clock)
{
    public async Task<bool> MayManageAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await UserRoles.OfAsync(db, userId, cancellationToken)).CanUse(PortalArea.BusinessProcesses);
    }

    public async Task<IReadOnlyList<ProcessTemplateRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var templates = await db.ProcessTemplates.AsNoTracking().OrderBy(t => t.EntityType).ThenBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        return templates.Select(t => new ProcessTemplateRow(
            t.Id, t.Name, t.EntityType, t.IsActive, t.StartsManually, t.StartsOnCreate, t.StartsOnStageChange, ProcessPlan.Of(t.Activities).Count, t.ModifiedAt)).ToList();
    }

    public async Task<ProcessTemplateEdit?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.ProcessTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return template is null ? null : new ProcessTemplateEdit(template.Id, template.Version, template.Definition);
    }

    /// <summary>Creates (<paramref name="id"/> null) or replaces a template; a copy changed since <paramref name="expectedVersion"/> is a conflict.</summary>
    public async Task<ProcessSaveResult> SaveAsync(string userId, long? id, uint expectedVersion, ProcessDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return new ProcessSaveResult(CommandStatus.NoAccess);
        }

        var problems = ProcessRules.Problems(definition, robots);
        if (problems.Count > 0)
        {
            return new ProcessSaveResult(CommandStatus.Invalid, id, problems);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        ProcessTemplate template;
        var before = AuditSnapshot.Empty;
        if (id is { } existing)
        {
            var found = await db.ProcessTemplates.SingleOrDefaultAsync(t => t.Id == existing, cancellationToken);
            if (found is null)
            {
                return new ProcessSaveResult(CommandStatus.NotFound, id);
            }

            if (found.Version != expectedVersion)
            {
                return new ProcessSaveResult(CommandStatus.Conflict, id);
            }

            before = Snapshot(found);
            found.Apply(definition, robots, userId, now);
            template = found;
        }
        else
        {
            template = ProcessTemplate.Create(definition, robots, userId, now);
            db.ProcessTemplates.Add(template);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ProcessSaveResult(CommandStatus.Conflict, id);
        }

        var action = id is null ? AuditAction.Create : AuditAction.Save;
        await AuditLog.RecordAsync(db, userId, AuditArea.Processes, action, AuditSubject.Of(template.Id, template.Name), before, Snapshot(template), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ProcessSaveResult(CommandStatus.Ok, template.Id);
    }

    /// <summary>The export file's name and text (<see cref="ProcessDocument"/>), or null when the template does not exist.</summary>
    public async Task<(string FileName, string Json)?> ExportAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(id, cancellationToken) is not { } template)
        {
            return null;
        }

        var safe = new string(template.Definition.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return ($"process-{template.Id}-{(safe.Length > 60 ? safe[..60] : safe)}.json", ProcessDocument.Export(template.Definition));
    }

    /// <summary>Creates an inactive template from an export file; a bad file, or a template with problems, is refused with what is wrong and where.</summary>
    public async Task<ProcessSaveResult> ImportAsync(string userId, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return new ProcessSaveResult(CommandStatus.NoAccess);
        }

        var (definition, problem) = ProcessDocument.Import(json);
        return definition is null
            ? new ProcessSaveResult(CommandStatus.Invalid, null, [problem!])
            : await SaveAsync(userId, null, 0, definition, cancellationToken);
    }

    /// <summary>Deletes a template with its instances and their logs (the runs they launched stay in the run log).</summary>
    public async Task<CommandStatus> DeleteAsync(string userId, long id, CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return CommandStatus.NoAccess;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var template = await db.ProcessTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null || await db.ProcessTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return CommandStatus.NotFound;
        }

        await AuditLog.RecordAsync(db, userId, AuditArea.Processes, AuditAction.Delete, AuditSubject.Of(id, template.Name), Snapshot(template), AuditSnapshot.Empty, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandStatus.Ok;
    }

    /// <summary>A template as an administrator reads it in the audit trail: its settings and its activities in order.</summary>
    private static AuditSnapshot Snapshot(ProcessTemplate template) => new AuditSnapshot()
        .Add(nameof(ProcessTemplate.Name), template.Name)
        .Add(nameof(ProcessTemplate.EntityType), template.EntityType)
        .Add(nameof(ProcessTemplate.IsActive), template.IsActive)
        .Add(nameof(ProcessTemplate.StartsManually), template.StartsManually)
        .Add(nameof(ProcessTemplate.StartsOnCreate), template.StartsOnCreate)
        .Add(nameof(ProcessTemplate.StartsOnStageChange), template.StartsOnStageChange)
        .Add(nameof(ProcessTemplate.Activities), string.Join(", ", template.Activities.Select(a => a.Kind)));
}
