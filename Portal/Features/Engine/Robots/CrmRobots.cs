using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Notifications;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Loads the batch's records tracked, so a robot changes them through their own rules and the engine saves them.</summary>
internal static class BatchRecords
{
    /// <summary>
    /// Locks the batch's records (in id order, so two batches never wait for each other in a circle), then loads them.
    /// Someone else changing one of them meanwhile (a card save, a process activity, another run) waits for this
    /// transaction, or this one for theirs; either way the rows loaded are the latest, and saving them never meets a
    /// concurrency conflict that would fail every record of the round.
    /// </summary>
    public static async Task<Dictionary<long, CrmRecord>> LoadAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        var ids = batch.EntityIds;
        var db = batch.Db;
        await LockAsync(db, batch.EntityType, ids, cancellationToken);
        IEnumerable<CrmRecord> records = batch.EntityType switch
        {
            CrmEntityType.Deal => await db.Deals.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Contact => await db.Contacts.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Company => await db.Companies.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            CrmEntityType.Lead => await db.Leads.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken),
            _ => [],
        };
        return records.ToDictionary(r => r.Id);
    }

    private static async Task LockAsync(PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var table = type switch
        {
            CrmEntityType.Deal => "Deals",
            CrmEntityType.Contact => "Contacts",
            CrmEntityType.Company => "Companies",
            CrmEntityType.Lead => "Leads",
            _ => null,
        };
        if (table is null || ids.Count == 0)
        {
            return;
        }

#pragma warning disable EF1002 // the table name is one of four constants above; the ids are a parameter
        await db.Database.ExecuteSqlRawAsync(
            $"""SELECT 1 FROM "{table}" WHERE "Id" = ANY(@ids) ORDER BY "Id" FOR NO KEY UPDATE""",
            [new Npgsql.NpgsqlParameter("ids", ids.ToArray())],
            cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>Runs <paramref name="apply"/> on each entity's record; a missing record or a refused value fails that entity only.</summary>
    public static async Task ForEachAsync(RobotBatch batch, Func<RobotWork, CrmRecord, string?> apply, CancellationToken cancellationToken)
    {
        var records = await LoadAsync(batch, cancellationToken);
        foreach (var work in batch.Work)
        {
            if (!records.TryGetValue(work.EntityId, out var record))
            {
                work.Fail(ErrorCodes.EntityNotFound);
                continue;
            }

            try
            {
                var output = apply(work, record);
                if (work.Outcome is null)
                {
                    work.Done(output);
                }
            }
            catch (CrmValidationException error)
            {
                work.Fail(ErrorCodes.ParameterInvalid, error.Message);
            }
        }
    }

    /// <summary>The users of the batch's values that exist, to refuse an unknown user per entity.</summary>
    public static async Task<HashSet<string>> ExistingUsersAsync(RobotBatch batch, string input, CancellationToken cancellationToken)
    {
        var wanted = batch.Work.Select(w => w.Input(input)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = await batch.Db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
        return found.ToHashSet(StringComparer.Ordinal);
    }
}

public sealed class ChangeStageRunner : IRobotRunner
{
    public string Key => "crm.change_stage";

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stages = await batch.Db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var statuses = await batch.Db.LeadStatuses.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var id = int.TryParse(work.Input(nameof(ChangeStageRobot.Stage)), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
            switch (record)
            {
                case Deal deal when stages.TryGetValue(id, out var stage):
                    var from = stages.GetValueOrDefault(deal.StageId)?.Name;
                    if (deal.StageId == stage.Id)
                    {
                        return stage.Name;
                    }

                    deal.MoveTo(stage, batch.UserId, batch.Now);
                    batch.Db.TimelineEntries.Add(TimelineEntry.SystemEvent(CrmEntityType.Deal, deal.Id, $"{from} → {stage.Name}", batch.UserId, batch.Now));
                    return stage.Name;
                case Lead lead when statuses.TryGetValue(id, out var status):
                    var previous = statuses.GetValueOrDefault(lead.StatusId)?.Name;
                    if (lead.StatusId == status.Id)
                    {
                        return status.Name;
                    }

                    lead.MoveTo(status, batch.UserId, batch.Now);
                    batch.Db.TimelineEntries.Add(TimelineEntry.SystemEvent(CrmEntityType.Lead, lead.Id, $"{previous} → {status.Name}", batch.UserId, batch.Now));
                    return status.Name;
                default:
                    work.Fail(ErrorCodes.ParameterInvalid, $"{nameof(ChangeStageRobot.Stage)}: {work.Input(nameof(ChangeStageRobot.Stage))}");
                    return null;
            }
        }, cancellationToken);
    }
}

public sealed class AddCommentRunner : IRobotRunner
{
    public string Key => "crm.add_comment";

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var text = work.Input(nameof(AddCommentRobot.Text))!;
            batch.Db.TimelineEntries.Add(TimelineEntry.Comment(record.EntityType, record.Id, text, batch.UserId, batch.Now));
            return null;
        }, cancellationToken);
    }
}

public sealed class NotifyEmployeeRunner : IRobotRunner
{
    public string Key => "crm.notify_employee";

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var users = await BatchRecords.ExistingUsersAsync(batch, nameof(NotifyEmployeeRobot.User), cancellationToken);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var user = work.Input(nameof(NotifyEmployeeRobot.User))!;
            if (!users.Contains(user))
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{nameof(NotifyEmployeeRobot.User)}: {user}");
                return null;
            }

            var text = work.Input(nameof(NotifyEmployeeRobot.Text))!;
            batch.Db.Notifications.Add(Notification.To(user, text, record.EntityType, record.Id, batch.UserId, batch.Now));
            return user;
        }, cancellationToken);
    }
}

public sealed class ChangeResponsibleRunner : IRobotRunner
{
    public string Key => "crm.change_responsible";

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var users = await BatchRecords.ExistingUsersAsync(batch, nameof(ChangeResponsibleRobot.User), cancellationToken);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var user = work.Input(nameof(ChangeResponsibleRobot.User))!;
            if (!users.Contains(user))
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{nameof(ChangeResponsibleRobot.User)}: {user}");
                return null;
            }

            record.AssignResponsible(user, batch.UserId, batch.Now);
            return user;
        }, cancellationToken);
    }
}

public sealed class SetFieldRunner : IRobotRunner
{
    public string Key => "crm.set_field";

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var field = work.Input(nameof(SetFieldValueRobot.Field));
            var value = work.Input(nameof(SetFieldValueRobot.Value));
            if (!Apply(record, field, value, batch))
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{nameof(SetFieldValueRobot.Field)}: {field} ({record.EntityType})");
                return null;
            }

            return $"{field} = {value}";
        }, cancellationToken);
    }

    /// <summary>Sets a field the record has, through the record's own rules; false when the record has no such field.</summary>
    private static bool Apply(CrmRecord record, string? field, string? value, RobotBatch batch)
    {
        var (by, now) = (batch.UserId, batch.Now);
        switch (record, field)
        {
            case (Deal deal, "Title"):
                deal.Rename(value ?? string.Empty, by, now);
                return true;
            case (Deal deal, "Source"):
                deal.SetSource(value, by, now);
                return true;
            case (Deal deal, "Amount"):
                if (!decimal.TryParse(value, NumberStyles.Number, batch.Culture, out var amount)
                    && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out amount))
                {
                    throw new CrmValidationException(nameof(Deal.Amount), CrmValidation.Invalid);
                }

                deal.SetAmount(amount, deal.Currency, by, now);
                return true;
            case (Lead lead, "Title"):
                lead.Rename(value ?? string.Empty, lead.Name, by, now);
                return true;
            case (Lead lead, "Name"):
                lead.Rename(lead.Title, value, by, now);
                return true;
            case (Company company, "Name"):
                company.Rename(value ?? string.Empty, company.Industry, by, now);
                return true;
            case (Company company, "Industry"):
                company.Rename(company.Name, value, by, now);
                return true;
            case (Contact contact, "Name"):
                var parts = (value ?? string.Empty).Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                contact.Rename(parts.ElementAtOrDefault(0) ?? string.Empty, parts.ElementAtOrDefault(1), by, now);
                return true;
            default:
                return false;
        }
    }
}

public sealed class WaitRunner : IRobotRunner
{
    public string Key => "flow.wait";

    public Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var work in batch.Work)
        {
            var delay = work.Input(nameof(WaitRobot.Delay));
            if (Domain.Scenarios.ScenarioRules.TryParseDelay(delay, out var span))
            {
                var resumeAt = batch.Now + span;
                work.Wait(resumeAt, resumeAt.ToString("O", CultureInfo.InvariantCulture));
            }
            else
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{nameof(WaitRobot.Delay)}: {delay}");
            }
        }

        return Task.CompletedTask;
    }
}
