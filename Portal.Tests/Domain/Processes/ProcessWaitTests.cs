using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Scenarios.Templates;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Processes;

public class ProcessWaitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ProcessDefinition Process(CrmEntityType type, params ProcessActivity[] activities) =>
        new("Waits", null, type, true, true, false, false, null, [], activities);

    private static List<(string Field, string Code)> Problems(CrmEntityType type, params ProcessActivity[] activities) =>
        ProcessRules.Problems(Process(type, activities), RobotsSetup.Catalog).Select(p => (p.Field, p.Code)).ToList();

    [Fact]
    public void EachModeWithItsValues_IsValid_InsideABranchToo()
    {
        var inBranch = ProcessActivities.NewCondition(
            new ProcessBranch(null, ConditionJoin.All, [new ProcessComparison("{{Deal.Title}}", ConditionOperator.IsEmpty)], [ProcessWait.New(WaitMode.StageChange)]));
        Assert.Empty(Problems(
            CrmEntityType.Deal,
            ProcessWait.New(WaitMode.Duration, 2, WaitUnit.Hours),
            ProcessWait.New(WaitMode.UntilDate, -3, WaitUnit.Days, "{{Deal.CreatedAt}}"),
            ProcessWait.New(WaitMode.UntilDate, null, WaitUnit.Days, "{{Document.CreatedAt}}"),
            ProcessActivities.NewSetVariable("Due", VariableType.Date, "2030-01-10"),
            ProcessWait.New(WaitMode.UntilDate, 1, WaitUnit.Minutes, "{{Variables.Due}}"),
            inBranch));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("two")]
    [InlineData("3661")]
    public void ADurationThatIsNoPositiveWholeNumberOfAtMostTenYears_IsRefusedOnItsAmount(string amount)
    {
        var wait = ProcessWait.New(WaitMode.Duration, 1, WaitUnit.Days);
        wait = wait with { Values = new Dictionary<string, string?>(wait.Values) { [ProcessWait.Amount] = amount } };
        Assert.Equal([("Activity.1.Amount", ProcessErrors.WaitAmountInvalid)], Problems(CrmEntityType.Deal, wait));
    }

    [Fact]
    public void AProblemInsideABranch_IsAddressedToItsBlock()
    {
        var inBranch = ProcessActivities.NewCondition(
            new ProcessBranch(null, ConditionJoin.All, [new ProcessComparison("{{Deal.Title}}", ConditionOperator.IsEmpty)], [ProcessWait.New(WaitMode.Duration, 0)]));
        Assert.Equal([("Activity.1.Branch.1.Activity.1.Amount", ProcessErrors.WaitAmountInvalid)], Problems(CrmEntityType.Deal, inBranch));
    }

    [Fact]
    public void AnUnknownMode_IsRefusedOnItsMode()
    {
        var wait = ProcessWait.New(WaitMode.Duration, 1);
        wait = wait with { Values = new Dictionary<string, string?>(wait.Values) { [ProcessWait.Mode] = "Forever" } };
        Assert.Equal([("Activity.1.Mode", ProcessErrors.WaitModeInvalid)], Problems(CrmEntityType.Deal, wait));
    }

    [Theory]
    [InlineData("{{Deal.Title}}", ProcessErrors.WaitDateNotDate)]
    [InlineData("{{Deal.Stage}}", ProcessErrors.WaitDateNotDate)]
    [InlineData("{{Deal.Nothing}}", ProcessErrors.WaitDateRequired)]
    [InlineData("2030-01-01", ProcessErrors.WaitDateRequired)]
    [InlineData("", ProcessErrors.WaitDateRequired)]
    [InlineData("{{Variables.Later}}", ProcessErrors.WaitDateRequired)]
    public void UntilADate_NeedsOneDateFieldTheCatalogueKnows_NotAnotherKind(string date, string code)
    {
        var problems = Problems(CrmEntityType.Deal, ProcessWait.New(WaitMode.UntilDate, 0, WaitUnit.Days, date), ProcessActivities.NewSetVariable("Later", VariableType.Date, "2030-01-01"));
        Assert.Equal([("Activity.1.Date", code)], problems);
    }

    [Fact]
    public void ADateVariableOfTextType_IsNoDate()
    {
        var problems = Problems(
            CrmEntityType.Deal, ProcessActivities.NewSetVariable("Due", VariableType.Text, "soon"), ProcessWait.New(WaitMode.UntilDate, 0, WaitUnit.Days, "{{Variables.Due}}"));
        Assert.Equal([("Activity.2.Date", ProcessErrors.WaitDateNotDate)], problems);
    }

    [Theory]
    [InlineData(CrmEntityType.Deal, true)]
    [InlineData(CrmEntityType.Lead, true)]
    [InlineData(CrmEntityType.Contact, false)]
    [InlineData(CrmEntityType.Company, false)]
    public void UntilTheStageChanges_OnlyOnRecordsWithStages(CrmEntityType type, bool valid)
    {
        var problems = Problems(type, ProcessWait.New(WaitMode.StageChange));
        Assert.Equal(valid ? [] : [("Activity.1.Mode", ProcessErrors.WaitNoStages)], problems);
    }

    [Fact]
    public void ADateWait_EndsAtTheDateMovedByItsOffset_AndAnEmptyDateAtOnce()
    {
        var date = new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.FromHours(3));
        var context = new Dictionary<string, TemplateValue>(StringComparer.Ordinal)
        {
            ["Deal.CreatedAt"] = TemplateValue.Date(date, TimeZoneInfo.Utc),
            ["Deal.Empty"] = TemplateValue.Empty,
        };

        Assert.Equal(date.AddHours(-2), ProcessWait.ResumeAt(ProcessWait.New(WaitMode.UntilDate, -2, WaitUnit.Hours, "{{Deal.CreatedAt}}"), context, Now));
        Assert.Equal(date, ProcessWait.ResumeAt(ProcessWait.New(WaitMode.UntilDate, null, WaitUnit.Days, "{{Deal.CreatedAt}}"), context, Now));
        Assert.Null(ProcessWait.ResumeAt(ProcessWait.New(WaitMode.UntilDate, 1, WaitUnit.Days, "{{Deal.Empty}}"), context, Now));
        Assert.Equal(Now.AddMinutes(90), ProcessWait.ResumeAt(ProcessWait.New(WaitMode.Duration, 90, WaitUnit.Minutes), context, Now));
        Assert.Null(ProcessWait.ResumeAt(ProcessWait.New(WaitMode.StageChange), context, Now));
    }
}
