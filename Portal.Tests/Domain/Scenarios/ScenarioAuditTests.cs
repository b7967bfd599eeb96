using Portal.Domain.Crm;
using Portal.Domain.Scenarios;
using static Portal.Tests.Domain.Scenarios.ScenarioSamples;

namespace Portal.Tests.Domain.Scenarios;

public class ScenarioAuditTests
{
    private static ScenarioStep Numbered(ScenarioStep step, int id) => step with { Id = id };

    private static ScenarioDefinition Two => Deal(Numbered(SendMessage("sandbox", "Hi"), 1), Numbered(Comment("note"), 2));

    [Fact]
    public void Compare_SameDefinition_HasNoChanges() =>
        Assert.Empty(ScenarioAudit.Compare(Two, Two, Robots));

    [Fact]
    public void Compare_RenameDescriptionAndType_AreEachOneLine()
    {
        var after = Two with { Name = "Renamed", Description = "Now described", EntityType = CrmEntityType.Lead };

        Assert.Equal(
            [
                new ChangeItem(ChangeKind.Renamed, Before: "Deal scenario", After: "Renamed"),
                new ChangeItem(ChangeKind.DescriptionChanged, Before: null, After: "Now described"),
                new ChangeItem(ChangeKind.EntityTypeChanged, Before: "Deal", After: "Lead"),
            ],
            ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_StepAdded_NamesItsPositionAndRobot()
    {
        var after = Deal(Two.Steps[0], Numbered(Comment("new"), 3), Two.Steps[1]);

        Assert.Equal([new ChangeItem(ChangeKind.StepAdded, 2, "crm.add_comment")], ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_StepRemoved_NamesItsPositionBeforeTheChange()
    {
        var after = Deal(Two.Steps[1]);

        Assert.Equal([new ChangeItem(ChangeKind.StepRemoved, 1, "olchat.send_message")], ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_StepsSwapped_AreBothMoved_WithTheirFormerPositions()
    {
        var after = Deal(Two.Steps[1], Two.Steps[0]);

        Assert.Equal(
            [
                new ChangeItem(ChangeKind.StepMoved, 1, "crm.add_comment", Before: "2"),
                new ChangeItem(ChangeKind.StepMoved, 2, "olchat.send_message", Before: "1"),
            ],
            ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_StepRemovedBeforeAnother_DoesNotCountTheOtherAsMoved()
    {
        var three = Deal(Numbered(Comment("a"), 1), Numbered(Comment("b"), 2), Numbered(Comment("c"), 3));

        var items = ScenarioAudit.Compare(three, Deal(three.Steps[1], three.Steps[2]), Robots);

        Assert.Equal([new ChangeItem(ChangeKind.StepRemoved, 1, "crm.add_comment")], items);
    }

    [Fact]
    public void Compare_BindingChanged_IsReportedWithTheValue()
    {
        var after = Deal(Numbered(SendMessage("sandbox", "Hi", ValueSource.Fixed), 1), Two.Steps[1]);

        Assert.Equal(
            [new ChangeItem(ChangeKind.BindingChanged, 1, "olchat.send_message", "Message", "LaunchParameter", "Fixed")],
            ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_ValueAndLabelChanged_ShowBeforeAndAfter()
    {
        var after = Deal(Two.Steps[0], Numbered(Comment("changed note", label: "Note"), 2));

        Assert.Equal(
            [
                new ChangeItem(ChangeKind.ValueChanged, 2, "crm.add_comment", "Text", "note", "changed note"),
                new ChangeItem(ChangeKind.LabelChanged, 2, "crm.add_comment", "Text", null, "Note"),
            ],
            ScenarioAudit.Compare(Two, after, Robots));
    }

    [Fact]
    public void Compare_SecretValue_IsMaskedOnBothSides_ButAnEmptyOneStaysEmpty()
    {
        var before = Deal(Numbered(new ScenarioStep("test.typed", [new("Token", ValueSource.AdminSetting, "old-secret")]), 1));
        var changed = Deal(Numbered(new ScenarioStep("test.typed", [new("Token", ValueSource.AdminSetting, "new-secret")]), 1));
        var cleared = Deal(Numbered(new ScenarioStep("test.typed", [new("Token", ValueSource.AdminSetting)]), 1));

        var change = Assert.Single(ScenarioAudit.Compare(before, changed, WithTestRobot));
        var clear = Assert.Single(ScenarioAudit.Compare(before, cleared, WithTestRobot));

        Assert.Equal(new ChangeItem(ChangeKind.ValueChanged, 1, "test.typed", "Token", ScenarioAudit.Masked, ScenarioAudit.Masked), change);
        Assert.Equal(new ChangeItem(ChangeKind.ValueChanged, 1, "test.typed", "Token", ScenarioAudit.Masked, null), clear);
        Assert.DoesNotContain(ScenarioAudit.Compare(cleared, before, WithTestRobot), i => i.After == "old-secret" || i.Before == "old-secret");
    }

    [Fact]
    public void Compare_NonSecretInputOfTheSameRobot_IsShown()
    {
        var before = Deal(Numbered(new ScenarioStep("test.typed", [new("Count", ValueSource.Fixed, "1")]), 1));
        var after = Deal(Numbered(new ScenarioStep("test.typed", [new("Count", ValueSource.Fixed, "2")]), 1));

        Assert.Equal(
            [new ChangeItem(ChangeKind.ValueChanged, 1, "test.typed", "Count", "1", "2")],
            ScenarioAudit.Compare(before, after, WithTestRobot));
    }
}
