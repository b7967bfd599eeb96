using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Features.Launch;
using Portal.Features.RunLog;

namespace Portal.Features.Processes;

/// <summary>A manual start's outcome: the instance, or why there is none (a key of the catalogue and, per start parameter, what is wrong).</summary>
public sealed record ProcessStartResult(long? InstanceId, string? Error, IReadOnlyList<ProcessProblem> Problems)
{
    public bool Started => InstanceId is not null;

    public static ProcessStartResult Refused(string error, IReadOnlyList<ProcessProblem>? problems = null) => new(null, error, problems ?? []);
}

/// <summary>
/// Starting a process by hand from a record's card: an active template of the record's type that starts manually,
/// by a CRM user who may change the record, with its required start parameters. The instance is written, then handed
/// to the job engine (when that fails, the dispatcher hands it over).
/// </summary>
public sealed partial class ProcessStarter(
    IDbContextFactory<PortalDbContext> contextFactory,
    CrmAccess crmAccess,
    ProcessScheduler scheduler,
    TimeProvider clock,
    ILogger<ProcessStarter> logger)
{
    public const string NotAvailable = "Process.Error.NotAvailable";

    public async Task<ProcessStartResult> StartAsync(
        string userId, long templateId, CrmEntityType entityType, long entityId, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.ProcessTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
        if (template is not { IsActive: true, StartsManually: true } || template.EntityType != entityType)
        {
            return ProcessStartResult.Refused(NotAvailable);
        }

        if (!(await UserRoles.OfAsync(db, userId, cancellationToken)).CanUse(PortalArea.Crm))
        {
            return ProcessStartResult.Refused(ErrorCodes.RightsInsufficient);
        }

        var access = await crmAccess.ForUserAsync(userId, cancellationToken);
        var check = await CrmRecords.CheckAsync(db, access, entityType, entityId, CrmAction.Edit, cancellationToken);
        if (check != CommandStatus.Ok)
        {
            return ProcessStartResult.Refused(check == CommandStatus.NotFound ? ErrorCodes.EntityNotFound : ErrorCodes.RightsInsufficient);
        }

        var problems = template.Parameters
            .Where(p => p.Required && string.IsNullOrWhiteSpace(values.GetValueOrDefault(p.Key)))
            .Select(p => new ProcessProblem(p.Key, ErrorCodes.ParameterMissing))
            .ToList();
        if (problems.Count > 0)
        {
            return ProcessStartResult.Refused(ErrorCodes.ParameterMissing, problems);
        }

        var startValues = template.Parameters
            .Where(p => !string.IsNullOrWhiteSpace(values.GetValueOrDefault(p.Key)))
            .ToDictionary(p => p.Key, p => values[p.Key]!.Trim(), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var instance = ProcessInstance.Start(template, entityId, ProcessTrigger.Manual, userId, startValues, now, CultureInfo.CurrentCulture.Name);
        db.ProcessInstances.Add(instance);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            // Marked scheduled only once it is: until then the dispatcher takes it as a new instance, within a second.
            await scheduler.ScheduleAsync([instance.Id], cancellationToken);
            instance.Scheduled(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (BackgroundJobClientException error)
        {
            LogNotScheduled(logger, error, instance.Id);
        }

        return new ProcessStartResult(instance.Id, null, []);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Process instance {InstanceId} is written but could not be scheduled now; the dispatcher will")]
    private static partial void LogNotScheduled(ILogger logger, Exception exception, long instanceId);
}
