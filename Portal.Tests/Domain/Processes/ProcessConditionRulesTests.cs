using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;
using static Portal.Tests.Domain.Processes.ProcessPlanTests;

namespace Portal.Tests.Domain.Processes;

public class ProcessConditionRulesTests
{
    private static readonly ProcessComparison Valid = new("{{Deal.Title}}", ConditionOperator.IsNotEmpty);

    [Fact]
    public void AConditionAndVariables_OfEveryKind_AreValid()
    {
        var problems = Problems(
            ProcessActivities.NewSetVariable("Limit", VariableType.Number, "{{Start.Limit}}"),
            ProcessActivities.NewSetVariable("Due", VariableType.Date, "2026-12-31"),
            ProcessActivities.NewSetVariable("Note", VariableType.Text, "For {{Deal.Title}}"),
            ProcessActivities.NewCondition(
                If(
                    new("{{Document.Amount}}", ConditionOperator.Greater, "100000.50"),
                    new("{{Deal.Amount}}", ConditionOperator.Less, "{{Variables.Limit}}"),
                    new("{{Deal.CreatedAt}}", ConditionOperator.Less, "{{Variables.Due}}"),
                    new("{{Deal.CreatedAt}}", ConditionOperator.Greater, "2026-01-01T09:30"),
                    new("{{Deal.Stage}}", ConditionOperator.InStages, Stages: [3, 4]),
                    new("{{Deal.Stage}}", ConditionOperator.Equal, "Won"),
                    new("{{Deal.Title}}", ConditionOperator.Contains, "{{Start.Limit}} pcs"),
                    new("{{Contact.Phone}}", ConditionOperator.IsEmpty),
                    new("{{Variables.Note}}", ConditionOperator.NotEqual, "x"),
                    new("{{Start.Limit}}", ConditionOperator.Equal, "{{Deal.Amount}}")),
                new ProcessBranch("Else", ConditionJoin.Any, [], [Comment("else")])));

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "abc", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "100 000", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Equal, "{{Deal.Title}}", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "{{Start.Limit}}", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Greater, "{{Deal.Amount}}0", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Less, "31.12.2026", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.CreatedAt}}", ConditionOperator.Less, "{{Deal.Amount}}", ProcessErrors.TypeMismatch)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Greater, "5", ProcessErrors.OperatorMismatch)]
    [InlineData("{{Start.Limit}}", ConditionOperator.Less, "5", ProcessErrors.OperatorMismatch)]
    [InlineData("{{Deal.Amount}}", ConditionOperator.Contains, "1", ProcessErrors.OperatorMismatch)]
    [InlineData("{{Deal.Title}}", ConditionOperator.InStages, null, ProcessErrors.OperatorMismatch)]
    [InlineData("{{Deal.Nothing}}", ConditionOperator.Equal, "x", ProcessErrors.UnknownField)]
    [InlineData("Deal.Amount", ConditionOperator.Equal, "1", ProcessErrors.UnknownField)]
    [InlineData("{{Deal.Amount}} {{Deal.Title}}", ConditionOperator.Equal, "1", ProcessErrors.UnknownField)]
    [InlineData("{{Variables.Unset}}", ConditionOperator.Equal, "1", ProcessErrors.UnknownField)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Equal, "{{Deal.Nothing}}", ProcessErrors.UnknownField)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Equal, " ", ProcessErrors.ComparisonValueRequired)]
    [InlineData("{{Deal.Title}}", ConditionOperator.Equal, "{{ broken", ErrorCodes.ParameterInvalid)]
    [InlineData("{{Deal.Stage}}", ConditionOperator.InStages, null, ProcessErrors.StagesRequired)]
    public void AComparisonThatCannotBeEvaluated_IsRefusedOnItsOwnField(string left, ConditionOperator op, string? right, string code)
    {
        var problems = Problems(ProcessActivities.NewCondition(If(Valid), If(Valid, new ProcessComparison(left, op, right))));

        var problem = Assert.Single(problems);
        Assert.Equal(("Activity.1.Branch.2.Condition.2", code), (problem.Field, problem.Code));
    }

    [Fact]
    public void OnlyTheLastBranch_MayBeTheElse_AndAConditionNeedsATest()
    {
        var problems = Problems(
            ProcessActivities.NewCondition(If(Valid), Else(), If(Valid)),
            ProcessActivities.NewCondition(Else()),
            ProcessActivities.NewCondition());

        Assert.Equal(
            [("Activity.1.Branch.2", ProcessErrors.ElseNotLast), ("Activity.2", ProcessErrors.ConditionWithoutTest), ("Activity.3", ProcessErrors.ConditionWithoutTest)],
            problems.Select(p => (p.Field, p.Code)));
    }

    [Fact]
    public void AVariable_IsKnownAfterItsBranch_ButNotInASiblingBranch()
    {
        var usesTotal = new ProcessComparison("{{Variables.Total}}", ConditionOperator.Greater, "1");
        var problems = Problems(
            ProcessActivities.NewCondition(
                Then([ProcessActivities.NewSetVariable("Total", VariableType.Number, "{{Deal.Amount}}")], Valid),
                Then([ProcessActivities.NewCondition(If(usesTotal))], Valid)),
            ProcessActivities.NewCondition(If(usesTotal)));

        var problem = Assert.Single(problems);
        Assert.Equal(("Activity.1.Branch.2.Activity.1.Branch.1.Condition.1", ProcessErrors.UnknownField), (problem.Field, problem.Code));
    }

    [Theory]
    [InlineData("1total", VariableType.Text, "x", "Activity.1.Name", ProcessErrors.VariableNameInvalid)]
    [InlineData("Total", VariableType.Number, "abc", "Activity.1.Value", ProcessErrors.TypeMismatch)]
    [InlineData("Total", VariableType.Number, "{{Deal.CreatedAt}}", "Activity.1.Value", ProcessErrors.TypeMismatch)]
    [InlineData("Total", VariableType.Date, "{{Deal.Amount}}", "Activity.1.Value", ProcessErrors.TypeMismatch)]
    [InlineData("Total", VariableType.Date, "tomorrow", "Activity.1.Value", ProcessErrors.TypeMismatch)]
    [InlineData("Total", VariableType.Text, "", "Activity.1.Value", ErrorCodes.ParameterMissing)]
    public void AVariable_NeedsAKeyForName_AndAValueOfItsType(string name, VariableType type, string value, string field, string code)
    {
        var problem = Assert.Single(Problems(ProcessActivities.NewSetVariable(name, type, value)));

        Assert.Equal((field, code), (problem.Field, problem.Code));
    }

    [Fact]
    public void AVariable_HasOneType()
    {
        var problem = Assert.Single(Problems(
            ProcessActivities.NewSetVariable("Total", VariableType.Number, "1"),
            ProcessActivities.NewCondition(Then([ProcessActivities.NewSetVariable("Total", VariableType.Text, "x")], Valid))));

        Assert.Equal(("Activity.2.Branch.1.Activity.1.Type", ProcessErrors.VariableTypeConflict), (problem.Field, problem.Code));
    }

    [Fact]
    public void ActivitiesInBranches_AreCheckedWhereTheyAre_AndCountTowardsTheLimit()
    {
        var nested = Problems(ProcessActivities.NewCondition(If(Valid), new ProcessBranch(null, ConditionJoin.All, [], [Comment("ok"), new ProcessActivity("crm.change_stage", new Dictionary<string, string?>())])));
        Assert.Equal(("Activity.1.Branch.2.Activity.2.Stage", ErrorCodes.ParameterMissing), (Assert.Single(nested).Field, Assert.Single(nested).Code));

        var many = Problems(ProcessActivities.NewCondition(Then([.. Enumerable.Range(0, ProcessRules.MaxActivities).Select(i => Comment($"{i}"))], Valid)));
        Assert.Equal(("Activities", ProcessErrors.TooManyActivities), (Assert.Single(many).Field, Assert.Single(many).Code));
    }

    [Fact]
    public void ConditionsNest_UpToTheLimit()
    {
        ProcessActivity Nest(int levels) => levels == 0 ? Comment("deep") : ProcessActivities.NewCondition(Then([Nest(levels - 1)], Valid));

        Assert.Empty(Problems(Nest(ProcessRules.MaxNesting)));
        var problem = Assert.Single(Problems(Nest(ProcessRules.MaxNesting + 1)));
        Assert.Equal(ProcessErrors.TooDeep, problem.Code);
        Assert.Equal(ProcessRules.MaxNesting + 1, problem.Field.Split('.').Count(part => part == "Branch"));
    }

    private static IReadOnlyList<ProcessProblem> Problems(params ProcessActivity[] activities) =>
        ProcessRules.Problems(
            new ProcessDefinition("Branches", null, CrmEntityType.Deal, true, true, false, false, null, [new ProcessParameter("Limit", "Limit", false)], activities),
            RobotsSetup.Catalog);

    private static ProcessBranch If(params ProcessComparison[] conditions) => new(null, ConditionJoin.All, conditions, []);

    private static ProcessBranch Then(ProcessActivity[] activities, params ProcessComparison[] conditions) => new(null, ConditionJoin.All, conditions, activities);

    private static ProcessBranch Else() => new(null, ConditionJoin.All, [], []);
}
