using MudBlazor;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using InputType = Portal.Domain.Robots.InputType;

namespace Portal.Tests.Components.Scenarios;

/// <summary>One value in the editor, edited by its type: text with the field picker, a choice, a delay; its error on the field.</summary>
public sealed class ValueEditorTests : ComponentTestBase
{
    [Fact]
    public void TheFieldPicker_AddsThePlaceholderAfterTheText_AndEmptiesItselfForTheNext()
    {
        var popovers = Render<MudPopoverProvider>();
        var (input, changes, cut) = RenderInput("crm.add_comment", "Text", "Hello,");

        cut.Find("[data-testid=v-field]").Input("Contact name");
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Contact · Contact name").Click());

        cut.WaitForAssertion(() => Assert.Equal("Hello, {{Contact.Name}}", input.Value));
        Assert.True(changes() >= 1);
        cut.WaitForAssertion(() => Assert.Equal("", cut.Find("[data-testid=v-field]").GetAttribute("value") ?? ""));
    }

    [Fact]
    public void TheFieldPicker_FiltersTheFieldsByWhatIsTyped()
    {
        var popovers = Render<MudPopoverProvider>();
        var (_, _, cut) = RenderInput("crm.add_comment", "Text", null);

        cut.Find("[data-testid=v-field]").Input("amount");

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-popover-open .mud-list-item")));
        Assert.All(popovers.FindAll(".mud-popover-open .mud-list-item"), i => Assert.Contains("amount", i.TextContent, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AChoice_IsPickedByItsText_AndStoredByItsKey()
    {
        var popovers = Render<MudPopoverProvider>();
        var (input, _, cut) = RenderInput("crm.set_field", "Field", null);

        cut.Find("[data-testid=v]").MouseDown();
        popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Amount").Click();

        cut.WaitForAssertion(() => Assert.Equal("Amount", input.Value));
    }

    [Fact]
    public void ADelay_IsEditedAsAnAmountAndAUnit_AndStoredAsATimeSpan()
    {
        var (input, _, cut) = RenderInput("flow.wait", "Delay", "00:05:00");
        Assert.Equal("5", cut.Find("[data-testid=v]").GetAttribute("value"));

        cut.Find("[data-testid=v]").Change("3");

        cut.WaitForAssertion(() => Assert.Equal("00:03:00", input.Value));
    }

    [Fact]
    public void AnError_IsShownUnderTheFieldAndTurnsItRed()
    {
        var robot = RobotsSetup.Catalog.Find("crm.add_comment")!;
        var cut = Render<ValueEditor>(p => p
            .Add(c => c.Input, new InputDraft { Declared = robot.Input("Text")!, Source = ValueSource.Fixed, Value = "" })
            .Add(c => c.Robot, robot)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.Choices, ChoiceSet.None)
            .Add(c => c.Fields, ScenarioFields.For(CrmEntityType.Deal))
            .Add(c => c.Error, "A required parameter is missing")
            .Add(c => c.ErrorTestId, "v-error")
            .Add(c => c.TestId, "v"));

        Assert.Equal("A required parameter is missing", cut.Find("[data-testid=v-error]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll(".mud-input-error"));
    }

    public static TheoryData<InputType> InputTypes => new(Enum.GetValues<InputType>());

    [Theory]
    [MemberData(nameof(InputTypes))]
    public void EveryInputType_HasAnEditor(InputType type)
    {
        var declared = new RobotInputDescriptor("Value", type, 1, Required: false, Default: null, Options: ["a"], Secret: false);
        var robot = new RobotDescriptor("test.any", RobotGroup.Other, [], [declared]);

        var cut = Render<ValueEditor>(p => p
            .Add(c => c.Input, new InputDraft { Declared = declared, Source = ValueSource.Fixed, Value = null })
            .Add(c => c.Robot, robot)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.Choices, ChoiceSet.None)
            .Add(c => c.Fields, ScenarioFields.For(CrmEntityType.Deal))
            .Add(c => c.TestId, "v"));

        Assert.NotEmpty(cut.FindAll("[data-testid=v]"));
    }

    private (InputDraft Input, Func<int> Changes, IRenderedComponent<ValueEditor> Cut) RenderInput(string robotKey, string name, string? value)
    {
        var robot = RobotsSetup.Catalog.Find(robotKey)!;
        var input = new InputDraft { Declared = robot.Input(name)!, Source = ValueSource.Fixed, Value = value };
        var changes = 0;
        var cut = Render<ValueEditor>(p => p
            .Add(c => c.Input, input)
            .Add(c => c.Robot, robot)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.Choices, ChoiceSet.None)
            .Add(c => c.Fields, ScenarioFields.For(CrmEntityType.Deal))
            .Add(c => c.Changed, () => changes++)
            .Add(c => c.TestId, "v"));
        return (input, () => changes, cut);
    }
}
