using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Features.Engine.Robots;

namespace Portal.Tests.Domain.Processes;

public class ProcessPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A; if (amount > 1) { B; if (title not empty) { C }; D } else if (amount > 0) { } else { E }; F — numbered
    /// A0 Condition1 B2 Condition3 C4 D5 E6 F7.
    /// </summary>
    private static readonly ProcessActivity[] Nested =
    [
        Comment("A"),
        ProcessActivities.NewCondition(
            new ProcessBranch("Big", ConditionJoin.All, [new("{{Deal.Amount}}", ConditionOperator.Greater, "1")], [
                Comment("B"),
                ProcessActivities.NewCondition(new ProcessBranch(null, ConditionJoin.All, [new("{{Deal.Title}}", ConditionOperator.IsNotEmpty)], [Comment("C")])),
                Comment("D"),
            ]),
            new ProcessBranch(null, ConditionJoin.All, [new("{{Deal.Amount}}", ConditionOperator.Greater, "0")], []),
            new ProcessBranch(null, ConditionJoin.All, [], [Comment("E")])),
        Comment("F"),
    ];

    [Fact]
    public void WithoutConditions_TheOrdinalsAreTheIndexes()
    {
        var plan = ProcessPlan.Of([Comment("A"), Comment("B"), Comment("C")]);

        Assert.Equal(3, plan.Count);
        Assert.Equal([(0, 1, "Activity.1"), (1, 2, "Activity.2"), (2, 3, "Activity.3")], plan.Activities.Select(a => (a.Ordinal, a.Next, a.Field)));
    }

    [Fact]
    public void NestedActivities_AreNumberedInReadingOrder_EachKnowingWhatRunsAfterIt()
    {
        var plan = ProcessPlan.Of(Nested);

        Assert.Equal(8, plan.Count);
        Assert.Equal(["A", null, "B", null, "C", "D", "E", "F"], plan.Activities.Select(a => a.Activity.Value("Text")));
        Assert.Equal([1, 7, 3, 5, 5, 7, 7, 8], plan.Activities.Select(a => a.Next));
        Assert.Equal([2, 7, 6], plan[1].BranchStarts);
        Assert.Equal([4], plan[3].BranchStarts);
        Assert.Equal([0, 0, 1, 1, 2, 1, 1, 0], plan.Activities.Select(a => a.Nesting));
        Assert.Equal("Activity.2.Branch.1.Activity.2.Branch.1.Activity.1", plan[4].Field);
        Assert.Equal("Activity.2.Branch.3.Activity.1", plan[6].Field);
    }

    [Fact]
    public void BranchesOnAnActivityThatIsNoCondition_AreNoPartOfTheProcess()
    {
        var odd = Comment("A") with { Branches = [new ProcessBranch(null, ConditionJoin.All, [], [Comment("hidden")])] };

        Assert.Equal(1, ProcessPlan.Of([odd]).Count);
    }

    [Fact]
    public void AnInstance_MovesIntoTheTakenBranch_AndOutAfterItsLastActivity()
    {
        var instance = Start(Nested);

        instance.ActivityDone(Now);
        instance.BranchTaken(0, Now);
        Assert.Equal(2, instance.NextActivity);
        instance.ActivityDone(Now);
        instance.BranchTaken(null, Now);
        Assert.Equal(5, instance.NextActivity);
        instance.ActivityDone(Now);
        Assert.Equal((7, ProcessStatus.Running), (instance.NextActivity, instance.Status));
        instance.ActivityDone(Now);

        Assert.Equal((8, ProcessStatus.Completed, true), (instance.NextActivity, instance.Status, instance.IsOver));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 6)]
    [InlineData(null, 7)]
    public void AnEmptyBranch_OrNone_GoesOnAfterTheCondition(int? branch, int next)
    {
        var instance = Start(Nested);
        instance.ActivityDone(Now);

        instance.BranchTaken(branch, Now);

        Assert.Equal(next, instance.NextActivity);
    }

    [Fact]
    public void AConditionAtTheEnd_WithNoBranchTaken_CompletesTheInstance()
    {
        var instance = Start([Comment("A"), ProcessActivities.NewCondition(new ProcessBranch(null, ConditionJoin.All, [new("{{Deal.Title}}", ConditionOperator.IsEmpty)], [Comment("B")]))]);
        instance.ActivityDone(Now);

        instance.BranchTaken(null, Now);

        Assert.Equal((3, ProcessStatus.Completed), (instance.NextActivity, instance.Status));
    }

    [Fact]
    public void OnlyAConditionTakesABranch_AndAnInstanceThatIsOverDoesNotMove()
    {
        var instance = Start([Comment("A")]);

        Assert.Throws<InvalidOperationException>(() => instance.BranchTaken(0, Now));
        instance.ActivityDone(Now);
        Assert.Throws<InvalidOperationException>(() => instance.ActivityDone(Now));
    }

    [Fact]
    public void Variables_AreKeptByName_TheLastSetWins()
    {
        var instance = Start([Comment("A")]);

        instance.SetVariable("Total", new ProcessVariable(VariableType.Number, "1"));
        instance.SetVariable("Total", new ProcessVariable(VariableType.Number, "2"));

        Assert.Equal("2", Assert.Single(instance.Variables).Value.Value);
    }

    internal static ProcessActivity Comment(string text) => new("crm.add_comment", new Dictionary<string, string?> { ["Text"] = text });

    private static ProcessInstance Start(ProcessActivity[] activities)
    {
        var definition = new ProcessDefinition("Plan", null, CrmEntityType.Deal, true, true, false, false, null, [], activities);
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, "admin", Now);
        var instance = ProcessInstance.Start(template, 12, ProcessTrigger.Manual, "manager", new Dictionary<string, string>(), Now);
        instance.Begin(Now);
        return instance;
    }
}
