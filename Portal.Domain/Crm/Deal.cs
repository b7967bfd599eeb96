namespace Portal.Domain.Crm;

public sealed class Deal : CrmRecord
{
    public const int TitleMaxLength = 255;
    public const int SourceMaxLength = 100;
    public const decimal MaxAmount = 999_999_999_999.99m;

    private Deal()
    {
    }

    public string Title { get; private set; } = string.Empty;

    public int PipelineId { get; private set; }

    public int StageId { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "RUB";

    public long? ContactId { get; private set; }

    public long? CompanyId { get; private set; }

    public string? Source { get; private set; }

    public override CrmEntityType EntityType => CrmEntityType.Deal;

    public static Deal Create(string title, Stage stage, decimal amount, string currency, string responsibleId, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var deal = new Deal { PipelineId = stage.PipelineId, StageId = stage.Id };
        deal.Rename(title, byUserId, now);
        deal.SetAmount(amount, currency, byUserId, now);
        deal.Created(responsibleId, byUserId, now);
        return deal;
    }

    public void Rename(string title, string byUserId, DateTimeOffset now)
    {
        Title = CrmValidation.RequiredText(nameof(Title), title, TitleMaxLength);
        Touch(byUserId, now);
    }

    public void SetAmount(decimal amount, string currency, string byUserId, DateTimeOffset now)
    {
        if (amount < 0)
        {
            throw new CrmValidationException(nameof(Amount), CrmValidation.Negative);
        }

        if (amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            throw new CrmValidationException(nameof(Amount), CrmValidation.Invalid);
        }

        var code = Currencies.Require(currency);
        Amount = amount;
        Currency = code;
        Touch(byUserId, now);
    }

    /// <summary>
    /// Moves the deal to a stage of its own pipeline from <paramref name="current"/> (its stage now), and returns the
    /// timeline entry that records the move ("New → Won"); none when it is at that stage already.
    /// </summary>
    public TimelineEntry? MoveTo(Stage stage, Stage current, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(current);
        if (stage.PipelineId != PipelineId || current.Id != StageId)
        {
            throw new CrmValidationException(nameof(StageId), CrmValidation.Invalid);
        }

        if (stage.Id == StageId)
        {
            return null;
        }

        StageId = stage.Id;
        Touch(byUserId, now);
        return TimelineEntry.Moved(CrmEntityType.Deal, Id, current.Name, stage.Name, byUserId, now);
    }

    public void Link(long? contactId, long? companyId, string byUserId, DateTimeOffset now)
    {
        ContactId = contactId;
        CompanyId = companyId;
        Touch(byUserId, now);
    }

    public void SetSource(string? source, string byUserId, DateTimeOffset now)
    {
        Source = CrmValidation.OptionalText(nameof(Source), source, SourceMaxLength);
        Touch(byUserId, now);
    }
}

public static class Currencies
{
    public static IReadOnlyList<string> Supported { get; } = ["RUB", "USD", "EUR", "KZT", "BYN"];

    public static string Require(string currency)
    {
        var code = currency?.Trim().ToUpperInvariant() ?? string.Empty;
        return Supported.Contains(code) ? code : throw new CrmValidationException(nameof(Deal.Currency), CrmValidation.Invalid);
    }
}
