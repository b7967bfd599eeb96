using System.Globalization;
using Portal.Domain.Processes;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Tests.Domain.Processes;

public class ProcessConditionsTests
{
    /// <summary>The portal's zone is three hours east of UTC: a moment late on the 3rd in UTC is the 4th there.</summary>
    internal static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("Portal+3", TimeSpan.FromHours(3), "Portal+3", "Portal+3");

    internal static readonly Dictionary<string, TemplateValue> Context = new(StringComparer.Ordinal)
    {
        ["Deal.Amount"] = TemplateValue.Money(150000m, "RUB"),
        ["Deal.Title"] = TemplateValue.Text("Order 42"),
        ["Deal.Stage"] = TemplateValue.Stage(3, "Invoice sent"),
        ["Deal.Source"] = TemplateValue.Text(string.Empty),
        ["Deal.CreatedAt"] = TemplateValue.Date(new DateTimeOffset(2026, 12, 3, 22, 30, 0, TimeSpan.Zero), Zone),
        ["Start.Reason"] = TemplateValue.Text("renewal"),
        ["Start.Limit"] = TemplateValue.Text("1000.5"),
        ["Variables.Limit"] = TemplateValue.Number(100000m),
        ["Variables.Due"] = TemplateValue.Date(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.FromHours(3)), Zone),
    };

    [Theory]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "100000", true)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "150000", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Less, "150000.01", true)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Less, "-1", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Equal, "150000.00", true)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.NotEqual, "150000", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "{{Variables.Limit}}", true)]
    [InlineData("{{Variables.Limit}}", ConditionOperator.Less, "{{Deal.Amount}}", true)]
    [InlineData("{{Variables.Limit}}", ConditionOperator.Equal, "100000", true)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Equal, "150,000", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.NotEqual, "abc", true)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Equal, "2026-12-04", true)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Greater, "2026-12-03", true)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Less, "2026-12-04T23:00", false)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Less, "2026-12-05", true)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Equal, "{{Variables.Due}}", true)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Equal, "04.12.2026", false)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Equal, " order 42 ", true)]
    [InlineData("{{Deal.Title}}", ConditionOperator.NotEqual, "Order 43", true)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Contains, "ORDER", true)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Contains, "invoice", false)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Contains, "{{Start.Reason}}", false)]
    [InlineData("{{Deal.Stage}}", ConditionOperator.Equal, "invoice sent", true)]
    [InlineData("{{Start.Reason}}", ConditionOperator.Equal, "renewal", true)]
    public void EachOperator_ComparesByTheLeftValuesType(string left, ConditionOperator op, string right, bool holds) =>
        Assert.Equal(holds, ProcessConditions.Holds(new ProcessComparison(left, op, right), Context));

    [Theory]
    [InlineData("{{Deal.Source}}", ConditionOperator.IsEmpty, true)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.IsEmpty, true)]
    [InlineData("{{Deal.Title}}", ConditionOperator.IsEmpty, false)]
    [InlineData("{{Deal.Source}}", ConditionOperator.IsNotEmpty, false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.IsNotEmpty, true)]
    public void Emptiness_IsAMissingValueOrBlankText(string left, ConditionOperator op, bool holds) =>
        Assert.Equal(holds, ProcessConditions.Holds(new ProcessComparison(left, op), Context));

    [Theory]
    [InlineData("{{Deal.Missing}}", ConditionOperator.Equal, "x", false)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.NotEqual, "x", true)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.Greater, "1", false)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.Less, "1", false)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.Contains, "x", false)]
    [InlineData("{{Deal.Source}}", ConditionOperator.Equal, "", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "{{Variables.Unset}}", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Less, "{{Variables.Unset}}", false)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.NotEqual, "{{Variables.Unset}}", true)]
    public void AMissingValue_EqualsNothing_AndEachNegationIsTheOpposite(string left, ConditionOperator op, string right, bool holds) =>
        Assert.Equal(holds, ProcessConditions.Holds(new ProcessComparison(left, op, right), Context));

    [Theory]
    [InlineData("{{Deal.Stage}}", ConditionOperator.InStages, new[] { 2, 3 }, true)]
    [InlineData("{{Deal.Stage}}", ConditionOperator.InStages, new[] { 4 }, false)]
    [InlineData("{{Deal.Stage}}", ConditionOperator.NotInStages, new[] { 4 }, true)]
    [InlineData("{{Deal.Stage}}", ConditionOperator.NotInStages, new[] { 3 }, false)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.InStages, new[] { 3 }, false)]
    [InlineData("{{Deal.Missing}}", ConditionOperator.NotInStages, new[] { 3 }, true)]
    [InlineData("{{Deal.Title}}", ConditionOperator.InStages, new[] { 3 }, false)]
    public void AStage_IsTestedByIdAgainstTheList(string left, ConditionOperator op, int[] stages, bool holds) =>
        Assert.Equal(holds, ProcessConditions.Holds(new ProcessComparison(left, op, Stages: stages), Context));

    [Fact]
    public void WrittenValues_AreReadInvariantly_WhateverTheCurrentLanguage()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        try
        {
            Assert.True(ProcessConditions.Holds(new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Less, "150000.5"), Context));
            Assert.False(ProcessConditions.Holds(new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Less, "150000,5"), Context));
            Assert.True(ProcessConditions.Holds(new ProcessComparison("{{Deal.CreatedAt}}", ConditionOperator.Equal, "2026-12-04"), Context));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(300000, 0)]
    [InlineData(150000, 1)]
    [InlineData(50000, 2)]
    public void TheFirstBranchWhoseTestHolds_IsTaken_TheElseWhenNoneDoes(int amount, int branch)
    {
        var context = new Dictionary<string, TemplateValue>(Context) { ["Deal.Amount"] = TemplateValue.Money(amount, "RUB") };
        ProcessBranch[] branches =
        [
            Branch(ConditionJoin.All, new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Greater, "200000")),
            Branch(ConditionJoin.All, new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Greater, "100000")),
            Branch(ConditionJoin.All),
        ];

        Assert.Equal(branch, ProcessConditions.Choose(branches, context));
    }

    [Fact]
    public void NoBranch_IsTakenWhenNoTestHoldsAndThereIsNoElse() =>
        Assert.Null(ProcessConditions.Choose([Branch(ConditionJoin.All, new ProcessComparison("{{Deal.Amount}}", ConditionOperator.Less, "1"))], Context));

    [Fact]
    public void AllNeedsEveryComparison_AnyNeedsOne()
    {
        ProcessComparison[] oneOfTwo =
        [
            new("{{Deal.Amount}}", ConditionOperator.Greater, "100000"),
            new("{{Deal.Title}}", ConditionOperator.Contains, "invoice"),
        ];

        Assert.False(ProcessConditions.Holds(Branch(ConditionJoin.All, oneOfTwo), Context));
        Assert.True(ProcessConditions.Holds(Branch(ConditionJoin.Any, oneOfTwo), Context));
        Assert.True(ProcessConditions.Holds(Branch(ConditionJoin.All, oneOfTwo[0]), Context));
    }

    [Fact]
    public void ABranchWithoutActivities_IsStillTheOneTaken()
    {
        ProcessBranch[] branches = [Branch(ConditionJoin.All, new ProcessComparison("{{Deal.Title}}", ConditionOperator.IsNotEmpty)), Branch(ConditionJoin.All)];

        Assert.Equal(0, ProcessConditions.Choose(branches, Context));
        Assert.Empty(branches[0].Activities);
    }

    internal static ProcessBranch Branch(ConditionJoin join, params ProcessComparison[] conditions) => new(null, join, conditions, []);
}
