using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class DealTests
{
    [Fact]
    public void Create_ValidValues_HoldsThemTrimmed()
    {
        var deal = Deal.Create("  Website redesign ", A.SecondStage, 1_500.50m, "EUR", A.Owner, A.Creator, A.CreatedAt);

        Assert.Equal("Website redesign", deal.Title);
        Assert.Equal(A.SecondStage.PipelineId, deal.PipelineId);
        Assert.Equal(A.SecondStage.Id, deal.StageId);
        Assert.Equal(1_500.50m, deal.Amount);
        Assert.Equal("EUR", deal.Currency);
        Assert.Equal(A.Owner, deal.ResponsibleId);
        Assert.Equal(CrmEntityType.Deal, deal.EntityType);
        Assert.Null(deal.Source);
    }

    [Fact]
    public void Create_TitleAtMaxLength_Accepted()
    {
        var title = A.Text(Deal.TitleMaxLength);

        Assert.Equal(title, A.Deal(title: title).Title);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.01)]
    [InlineData(12.5)]
    [InlineData(999_999_999_999.99)]
    public void Create_AmountWithinLimits_Accepted(decimal amount) =>
        Assert.Equal(amount, A.Deal(amount: amount).Amount);

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" eur ", "EUR")]
    [InlineData("Kzt", "KZT")]
    [InlineData("RUB", "RUB")]
    public void Create_SupportedCurrencyInAnyCase_NormalisedToUpperCase(string currency, string expected) =>
        Assert.Equal(expected, A.Deal(currency: currency).Currency);

    public static TheoryData<string, decimal, string, string, string> InvalidValues => new()
    {
        { string.Empty, 1m, "RUB", nameof(Deal.Title), CrmValidation.Required },
        { "   ", 1m, "RUB", nameof(Deal.Title), CrmValidation.Required },
        { "\t\r\n", 1m, "RUB", nameof(Deal.Title), CrmValidation.Required },
        { A.Text(Deal.TitleMaxLength + 1), 1m, "RUB", nameof(Deal.Title), CrmValidation.TooLong },
        { A.Text(10_000), 1m, "RUB", nameof(Deal.Title), CrmValidation.TooLong },
        { "Deal", -0.01m, "RUB", nameof(Deal.Amount), CrmValidation.Negative },
        { "Deal", 10.005m, "RUB", nameof(Deal.Amount), CrmValidation.Invalid },
        { "Deal", Deal.MaxAmount + 0.01m, "RUB", nameof(Deal.Amount), CrmValidation.Invalid },
        { "Deal", 1m, "XYZ", nameof(Deal.Currency), CrmValidation.Invalid },
        { "Deal", 1m, "RU B", nameof(Deal.Currency), CrmValidation.Invalid },
        { "Deal", 1m, string.Empty, nameof(Deal.Currency), CrmValidation.Invalid },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Create_InvalidValue_RefusedNamingTheField(string title, decimal amount, string currency, string field, string reason) =>
        Refused.Because(field, reason, () => Deal.Create(title, A.FirstStage, amount, currency, A.Owner, A.Creator, A.CreatedAt));

    [Fact]
    public void Create_TenThousandCharacterTitle_ReportsTheLimit()
    {
        var error = Refused.Because(nameof(Deal.Title), CrmValidation.TooLong, () => A.Deal(title: A.Text(10_000)));

        Assert.Equal(Deal.TitleMaxLength, error.Limit);
    }

    /// <summary>Changes a deal must refuse, each with the field and reason it must name.</summary>
    private static readonly Dictionary<string, (Action<Deal> Change, string Field, string Reason)> InvalidChanges = new()
    {
        ["empty title"] = (d => d.Rename(string.Empty, A.Editor, A.Later), nameof(Deal.Title), CrmValidation.Required),
        ["whitespace title"] = (d => d.Rename("  \t ", A.Editor, A.Later), nameof(Deal.Title), CrmValidation.Required),
        ["10,000-character title"] = (d => d.Rename(A.Text(10_000), A.Editor, A.Later), nameof(Deal.Title), CrmValidation.TooLong),
        ["negative amount"] = (d => d.SetAmount(-1m, "RUB", A.Editor, A.Later), nameof(Deal.Amount), CrmValidation.Negative),
        ["amount with 3 decimals"] = (d => d.SetAmount(99.999m, "RUB", A.Editor, A.Later), nameof(Deal.Amount), CrmValidation.Invalid),
        ["amount above max"] = (d => d.SetAmount(Deal.MaxAmount + 1m, "RUB", A.Editor, A.Later), nameof(Deal.Amount), CrmValidation.Invalid),
        ["valid amount, unknown currency"] = (d => d.SetAmount(200m, "XYZ", A.Editor, A.Later), nameof(Deal.Currency), CrmValidation.Invalid),
        ["stage of another pipeline"] = (d => d.MoveTo(A.StageOfAnotherPipeline, A.FirstStage, A.Editor, A.Later), nameof(Deal.StageId), CrmValidation.Invalid),
        ["source too long"] = (d => d.SetSource(A.Text(Deal.SourceMaxLength + 1), A.Editor, A.Later), nameof(Deal.Source), CrmValidation.TooLong),
        ["empty responsible"] = (d => d.AssignResponsible(" ", A.Editor, A.Later), nameof(Deal.ResponsibleId), CrmValidation.Required),
    };

    public static TheoryData<string> InvalidChangeNames => [.. InvalidChanges.Keys];

    [Theory]
    [MemberData(nameof(InvalidChangeNames))]
    public void Change_InvalidValue_RefusedAndDealUnchanged(string change)
    {
        var (act, field, reason) = InvalidChanges[change];
        var deal = A.Deal();
        deal.SetSource("Website", A.Creator, A.CreatedAt);
        var before = StateOf(deal);

        Refused.Because(field, reason, () => act(deal));

        Assert.Equal(before, StateOf(deal));
    }

    [Fact]
    public void Rename_ValidTitle_TrimmedAndAudited()
    {
        var deal = A.Deal();

        deal.Rename(" Mobile app ", A.Editor, A.Later);

        Assert.Equal("Mobile app", deal.Title);
        Assert.Equal(A.Later, deal.ModifiedAt);
    }

    [Fact]
    public void SetAmount_ValidAmountAndLowercaseCurrency_ChangesBoth()
    {
        var deal = A.Deal();

        deal.SetAmount(250.75m, "usd", A.Editor, A.Later);

        Assert.Equal(250.75m, deal.Amount);
        Assert.Equal("USD", deal.Currency);
    }

    [Fact]
    public void MoveTo_StageOfTheSamePipeline_Moves_AndRecordsTheMoveForTheTimeline()
    {
        var deal = A.Deal();

        var moved = deal.MoveTo(A.SecondStage, A.FirstStage, A.Editor, A.Later);

        Assert.Equal(A.SecondStage.Id, deal.StageId);
        Assert.Equal(A.FirstStage.PipelineId, deal.PipelineId);
        Assert.Equal(("New → Negotiation", TimelineKind.System, CrmEntityType.Deal, A.Editor), (moved?.Text, moved?.Kind, moved?.EntityType, moved?.AuthorId));
    }

    [Fact]
    public void MoveTo_TheStageItIsAt_ChangesNothing_AndRecordsNothing()
    {
        var deal = A.Deal();

        Assert.Null(deal.MoveTo(A.FirstStage, A.FirstStage, A.Editor, A.Later));
        Assert.Equal(A.CreatedAt, deal.ModifiedAt);
    }

    [Fact]
    public void MoveTo_FromAStageItIsNotAt_IsRefused()
    {
        var error = Assert.Throws<CrmValidationException>(() => A.Deal().MoveTo(A.SecondStage, A.SecondStage, A.Editor, A.Later));

        Assert.Equal(nameof(Deal.StageId), error.Field);
    }

    [Theory]
    [InlineData(" Exhibition ", "Exhibition")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void SetSource_Text_TrimmedOrCleared(string? source, string? expected)
    {
        var deal = A.Deal();
        deal.SetSource("Website", A.Creator, A.CreatedAt);

        deal.SetSource(source, A.Editor, A.Later);

        Assert.Equal(expected, deal.Source);
    }

    [Fact]
    public void SetSource_AtMaxLength_Accepted()
    {
        var deal = A.Deal();
        var source = A.Text(Deal.SourceMaxLength);

        deal.SetSource(source, A.Editor, A.Later);

        Assert.Equal(source, deal.Source);
    }

    private static object StateOf(Deal d) => new
    {
        d.Title,
        d.PipelineId,
        d.StageId,
        d.Amount,
        d.Currency,
        d.Source,
        d.ContactId,
        d.CompanyId,
        d.ResponsibleId,
        d.ModifiedAt,
        d.ModifiedById,
    };
}
