using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Crm;
using Portal.Features.Launch;
using Portal.Features.RunLog;

namespace Portal.Features.Scenarios;

/// <summary>A row of the scenario list.</summary>
public sealed record ScenarioSummary(
    long Id,
    string Name,
    string? Description,
    CrmEntityType EntityType,
    bool IsActive,
    int SortOrder,
    int Version,
    int Steps,
    int LaunchParameters,
    int MissingSettings,
    DateTimeOffset ModifiedAt,
    string ModifiedBy,
    IReadOnlyList<string> Robots);

/// <summary>A scenario as the editor opens it: its definition and the version the save will be checked against.</summary>
public sealed record ScenarioEdit(long Id, int Version, bool IsActive, int SortOrder, ScenarioDefinition Definition, DateTimeOffset ModifiedAt, string ModifiedBy);

/// <summary>One save as the audit trail shows it.</summary>
public sealed record ScenarioHistoryEntry(int Version, DateTimeOffset At, string By, IReadOnlyList<ChangeItem> Items);

/// <summary>
/// The outcome of a scenario command: Ok (with the id and new version), NotFound, NoAccess (no right to
/// manage scenarios), Conflict (someone saved first) or Invalid (with every problem, in the user's terms).
/// Nothing was written unless the status is Ok.
/// </summary>
public sealed record ScenarioResult(CommandStatus Status, long Id = 0, int Version = 0, IReadOnlyList<ScenarioProblem>? Problems = null)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public IReadOnlyList<ScenarioProblem> AllProblems => Problems ?? [];

    public static ScenarioResult Refused { get; } = new(CommandStatus.NoAccess);

    public static ScenarioResult Missing { get; } = new(CommandStatus.NotFound);

    public static ScenarioResult Outdated { get; } = new(CommandStatus.Conflict);

    public static ScenarioResult Invalid(ScenarioException error) => new(CommandStatus.Invalid, Problems: error.Problems.Count > 0 ? error.Problems : [new ScenarioProblem(error.Code)]);
}

/// <summary>
/// Where admins build smart scenarios. Every command checks the right to manage scenarios on the server,
/// saves through the <see cref="Scenario"/> aggregate (so its rules hold), compares versions so a second
/// admin cannot overwrite a newer copy, and writes an audit line in the same transaction.
/// </summary>
public sealed class ScenarioAdmin(
    IDbContextFactory<PortalDbContext> contextFactory,
    CrmAccess access,
    RobotCatalog catalog,
    TimeProvider clock)
{
    /// <summary>The scenario area's users (not support staff) whose CRM roles allow managing scenarios.</summary>
    public async Task<bool> MayManageAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!(await UserRoles.OfAsync(db, userId, cancellationToken)).CanUse(PortalArea.Scenarios))
            {
                return false;
            }
        }

        return (await access.ForUserAsync(userId, cancellationToken)).Rights.MayManageScenarios;
    }

    /// <summary>Scenarios not deleted, by entity type, then position, then name; <paramref name="search"/> matches name or description.</summary>
    public async Task<IReadOnlyList<ScenarioSummary>> ListAsync(string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Scenarios.AsNoTracking().Where(s => s.DeletedAt == null);
        if (SearchText.From(search) is { Pattern: var pattern })
        {
            query = query.Where(s => EF.Functions.ILike(s.Name, pattern, "\\") || (s.Description != null && EF.Functions.ILike(s.Description, pattern, "\\")));
        }

        var rows = await query
            .OrderBy(s => s.EntityType).ThenBy(s => s.SortOrder).ThenBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new { Scenario = s, By = db.Users.Where(u => u.Id == s.ModifiedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new ScenarioSummary(
                r.Scenario.Id, r.Scenario.Name, r.Scenario.Description, r.Scenario.EntityType, r.Scenario.IsActive, r.Scenario.SortOrder,
                r.Scenario.Version, r.Scenario.Steps.Count, r.Scenario.LaunchParameters(catalog).Count, r.Scenario.MissingSettings().Count,
                r.Scenario.ModifiedAt, r.By ?? string.Empty, r.Scenario.Steps.Select(s => s.RobotKey).ToList()))
            .ToList();
    }

    public async Task<ScenarioEdit?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (scenario is null)
        {
            return null;
        }

        var by = await db.Users.Where(u => u.Id == scenario.ModifiedById).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return new ScenarioEdit(scenario.Id, scenario.Version, scenario.IsActive, scenario.SortOrder, scenario.Definition, scenario.ModifiedAt, by ?? string.Empty);
    }

    /// <summary>Every save of a scenario, newest first.</summary>
    public async Task<IReadOnlyList<ScenarioHistoryEntry>> HistoryAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ScenarioChanges.AsNoTracking()
            .Where(c => c.ScenarioId == id)
            .OrderByDescending(c => c.Id)
            .Take(200)
            .Select(c => new { Change = c, By = db.Users.Where(u => u.Id == c.UserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ScenarioHistoryEntry(r.Change.Version, r.Change.At, r.By ?? string.Empty, r.Change.Items)).ToList();
    }

    /// <summary>Creates a scenario at the end of its entity type's list, inactive unless <paramref name="active"/> and complete.</summary>
    public Task<ScenarioResult> CreateAsync(string userId, ScenarioDefinition definition, bool active = false, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, definition, active, ChangeKind.Created, cancellationToken);

    /// <summary>
    /// Saves the editor's copy. <paramref name="expectedVersion"/> is the version the editor opened; if
    /// the scenario has moved on since, nothing is written and the result is a conflict.
    /// </summary>
    public async Task<ScenarioResult> SaveAsync(
        string userId, long id, int expectedVersion, ScenarioDefinition definition, bool active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return await ChangeAsync(userId, AuditAction.Save, id, expectedVersion, (scenario, now) =>
        {
            var before = scenario.Definition;
            var wasActive = scenario.IsActive;
            if (wasActive && !active)
            {
                scenario.Deactivate(userId, now);
            }

            scenario.Update(definition, catalog, userId, now);
            if (active && !scenario.IsActive)
            {
                scenario.Activate(userId, now);
            }

            var items = ScenarioAudit.Compare(before, scenario.Definition, catalog).ToList();
            if (wasActive != scenario.IsActive)
            {
                items.Add(new ChangeItem(scenario.IsActive ? ChangeKind.Activated : ChangeKind.Deactivated));
            }

            return items;
        }, cancellationToken, definition);
    }

    /// <summary>The list's switch: turns a scenario on (refused while settings are empty) or off.</summary>
    public Task<ScenarioResult> SetActiveAsync(string userId, long id, bool active, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, AuditAction.SetActive, id, null, (scenario, now) =>
        {
            if (scenario.IsActive == active)
            {
                return [];
            }

            if (active)
            {
                scenario.Activate(userId, now);
            }
            else
            {
                scenario.Deactivate(userId, now);
            }

            return [new ChangeItem(active ? ChangeKind.Activated : ChangeKind.Deactivated)];
        }, cancellationToken);

    /// <summary>
    /// Swaps a scenario with its neighbour above (<paramref name="by"/> = -1) or below (+1) in its type's list.
    /// A position is not content: no history line (the audit trail notes the move), and an admin editing the scenario
    /// meanwhile gets no conflict.
    /// </summary>
    public Task<ScenarioResult> MoveAsync(string userId, long id, int by, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, AuditAction.Move, id, null, async (db, scenario, _) =>
        {
            var siblings = await db.Scenarios
                .Where(s => s.EntityType == scenario.EntityType && s.DeletedAt == null)
                .OrderBy(s => s.SortOrder).ThenBy(s => s.Name).ThenBy(s => s.Id)
                .ToListAsync(cancellationToken);
            var from = siblings.IndexOf(scenario);
            var to = from + Math.Sign(by);
            if (to >= 0 && to < siblings.Count)
            {
                (siblings[from], siblings[to]) = (siblings[to], siblings[from]);
                for (var i = 0; i < siblings.Count; i++)
                {
                    siblings[i].Reposition((i + 1) * 10);
                }
            }

            return [];
        }, cancellationToken);

    /// <summary>Deletes for good from the product's point of view; the row stays for the runs that refer to it.</summary>
    public Task<ScenarioResult> DeleteAsync(string userId, long id, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, AuditAction.Delete, id, null, (scenario, now) =>
        {
            scenario.Delete(userId, now);
            return [new ChangeItem(ChangeKind.Deleted)];
        }, cancellationToken);

    /// <summary>A copy under <paramref name="name"/>, inactive, placed after the original's type's last scenario.</summary>
    public async Task<ScenarioResult> DuplicateAsync(string userId, long id, string name, CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return ScenarioResult.Refused;
        }

        var original = await GetAsync(id, cancellationToken);
        if (original is null)
        {
            return ScenarioResult.Missing;
        }

        var copyName = name.Length > Scenario.NameMaxLength ? name[..Scenario.NameMaxLength] : name;
        return await CreateAsync(userId, original.Definition with { Name = copyName }, false, ChangeKind.Duplicated, cancellationToken);
    }

    /// <summary>The export file's name and text, or null when the scenario does not exist.</summary>
    public async Task<(string FileName, string Json)?> ExportAsync(long id, CancellationToken cancellationToken = default)
    {
        var scenario = await GetAsync(id, cancellationToken);
        if (scenario is null)
        {
            return null;
        }

        var safe = new string(scenario.Definition.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return ($"scenario-{scenario.Id}-{(safe.Length > 60 ? safe[..60] : safe)}.json", ScenarioDocument.Export(scenario.Definition, catalog));
    }

    /// <summary>Creates an inactive scenario from an export file; a bad file is refused with what is wrong and where.</summary>
    public async Task<ScenarioResult> ImportAsync(string userId, string json, CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return ScenarioResult.Refused;
        }

        ScenarioDefinition definition;
        try
        {
            definition = ScenarioDocument.Import(json);
        }
        catch (ScenarioException error)
        {
            return ScenarioResult.Invalid(error);
        }

        return await CreateAsync(userId, definition, false, ChangeKind.Imported, cancellationToken);
    }

    private async Task<ScenarioResult> CreateAsync(string userId, ScenarioDefinition definition, bool active, ChangeKind how, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return ScenarioResult.Refused;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await UnknownReferencesAsync(db, definition, cancellationToken) is { Count: > 0 } unknown)
        {
            return new ScenarioResult(CommandStatus.Invalid, Problems: unknown);
        }

        var now = clock.GetUtcNow();
        Scenario scenario;
        try
        {
            var last = await db.Scenarios.Where(s => s.EntityType == definition.EntityType && s.DeletedAt == null)
                .MaxAsync(s => (int?)s.SortOrder, cancellationToken) ?? 0;
            scenario = Scenario.Create(definition, catalog, userId, now, last + 10);
            if (active)
            {
                scenario.Activate(userId, now);
            }
        }
        catch (ScenarioException error)
        {
            return ScenarioResult.Invalid(error);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(cancellationToken);
        List<ChangeItem> items = [new ChangeItem(how)];
        if (scenario.IsActive)
        {
            items.Add(new ChangeItem(ChangeKind.Activated));
        }

        db.ScenarioChanges.Add(new ScenarioChange(scenario.Id, scenario.Version, userId, now, items));
        var action = how switch { ChangeKind.Duplicated => AuditAction.Duplicate, ChangeKind.Imported => AuditAction.Import, _ => AuditAction.Create };
        await AuditLog.RecordAsync(db, userId, AuditArea.Scenarios, action, AuditSubject.Of(scenario.Id, scenario.Name), AuditSnapshot.Empty, Snapshot(scenario), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ScenarioResult(CommandStatus.Ok, scenario.Id, scenario.Version);
    }

    /// <summary>
    /// Loads, checks the right and the version, applies <paramref name="change"/> (which returns the audit
    /// lines; none means nothing changed) and saves scenario and audit together, or nothing.
    /// </summary>
    private Task<ScenarioResult> ChangeAsync(
        string userId, AuditAction action, long id, int? expectedVersion, Func<Scenario, DateTimeOffset, IReadOnlyList<ChangeItem>> change,
        CancellationToken cancellationToken, ScenarioDefinition? definition = null) =>
        ChangeAsync(userId, action, id, expectedVersion, (_, scenario, now) => Task.FromResult(change(scenario, now)), cancellationToken, definition);

    private async Task<ScenarioResult> ChangeAsync(
        string userId,
        AuditAction action,
        long id,
        int? expectedVersion,
        Func<PortalDbContext, Scenario, DateTimeOffset, Task<IReadOnlyList<ChangeItem>>> change,
        CancellationToken cancellationToken,
        ScenarioDefinition? definition = null)
    {
        if (!await MayManageAsync(userId, cancellationToken))
        {
            return ScenarioResult.Refused;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await db.Scenarios.SingleOrDefaultAsync(s => s.Id == id && s.DeletedAt == null, cancellationToken);
        if (scenario is null)
        {
            return ScenarioResult.Missing;
        }

        if (expectedVersion is { } expected && expected != scenario.Version)
        {
            return ScenarioResult.Outdated;
        }

        if (definition is not null && await UnknownReferencesAsync(db, definition, cancellationToken) is { Count: > 0 } unknown)
        {
            return new ScenarioResult(CommandStatus.Invalid, Problems: unknown);
        }

        var now = clock.GetUtcNow();
        var before = Snapshot(scenario);
        IReadOnlyList<ChangeItem> items;
        try
        {
            items = await change(db, scenario, now);
        }
        catch (ScenarioException error)
        {
            return ScenarioResult.Invalid(error);
        }

        if (items.Count > 0)
        {
            db.ScenarioChanges.Add(new ScenarioChange(scenario.Id, scenario.Version, userId, now, items));
        }

        await AuditLog.RecordAsync(db, userId, AuditArea.Scenarios, action, AuditSubject.Of(scenario.Id, scenario.Name), before, Snapshot(scenario), cancellationToken);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ScenarioResult.Outdated;
        }

        return new ScenarioResult(CommandStatus.Ok, scenario.Id, scenario.Version);
    }

    /// <summary>
    /// A scenario as an administrator reads it in the audit trail: name, switch, place and robots in order (the step-by-step
    /// detail is the scenario's own history, <see cref="HistoryAsync"/>).
    /// </summary>
    private static AuditSnapshot Snapshot(Scenario scenario) => new AuditSnapshot()
        .Add(nameof(Scenario.Name), scenario.Name)
        .Add(nameof(Scenario.Description), scenario.Description)
        .Add(nameof(Scenario.EntityType), scenario.EntityType)
        .Add(nameof(Scenario.IsActive), scenario.IsActive)
        .Add(nameof(Scenario.SortOrder), scenario.SortOrder)
        .Add("Robots", string.Join(", ", scenario.Steps.Select(s => s.RobotKey)));

    /// <summary>
    /// Stages, users and WhatsApp lines chosen now or in the settings must exist (a stage of the scenario's
    /// entity type, an active line), and a fixed address's host must be on the webhook hosts' list; the domain cannot
    /// know, so this is checked here before saving.
    /// </summary>
    private async Task<IReadOnlyList<ScenarioProblem>> UnknownReferencesAsync(PortalDbContext db, ScenarioDefinition definition, CancellationToken cancellationToken)
    {
        var problems = new List<ScenarioProblem>();
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            foreach (var input in step.Inputs.Where(x => x.Source != ValueSource.LaunchParameter || x.HasValue))
            {
                var type = catalog.Find(step.RobotKey)?.Input(input.Name)?.Type;
                var value = input.Value?.Trim();
                if (type is null || string.IsNullOrEmpty(value) || value.Contains("{{", StringComparison.Ordinal))
                {
                    continue;
                }

                var exists = type switch
                {
                    InputType.Stage when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var stage) => definition.EntityType == CrmEntityType.Lead
                        ? await db.LeadStatuses.AnyAsync(s => s.Id == stage, cancellationToken)
                        : await db.Stages.AnyAsync(s => s.Id == stage, cancellationToken),
                    InputType.WhatsAppLine when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var line) =>
                        await db.WhatsAppLines.AnyAsync(l => l.Id == line && l.IsActive, cancellationToken),
                    InputType.User => await db.Users.AnyAsync(u => u.Id == value, cancellationToken),
                    InputType.Url => await Webhooks.WebhookHosts.IsListedAsync(db, value, cancellationToken),
                    InputType.Stage or InputType.WhatsAppLine => false,
                    _ => true,
                };
                if (!exists)
                {
                    var code = type == InputType.Url ? ErrorCodes.WebhookHostNotAllowed : ScenarioException.ValueInvalid;
                    problems.Add(new ScenarioProblem(code, i + 1, input.Name, Detail: value));
                }
            }
        }

        return problems;
    }
}
