using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;

namespace Portal.Features.Engine.Robots;

/// <summary>Sets one field the record has (deal title, source or amount; lead title or name; company name or industry; contact name) through the record's own rules.</summary>
[Robot("crm.set_field", RobotGroup.Crm, InProcesses = true)]
public sealed class SetFieldRobot : IRobot
{
    [RobotInput(InputType.Choice, 1, Required = true, Options = ["Title", "Source", "Amount", "Name", "Industry"])]
    public const string Field = nameof(Field);

    [RobotInput(InputType.SingleLine, 2)]
    public const string Value = nameof(Value);

    public async Task RunAsync(RobotBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await BatchRecords.ForEachAsync(batch, (work, record) =>
        {
            var field = work.Input(Field);
            var value = work.Input(Value);
            if (!Apply(record, field, value, batch))
            {
                work.Fail(ErrorCodes.ParameterInvalid, $"{Field}: {field} ({record.EntityType})");
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
