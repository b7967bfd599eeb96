using Portal.Domain.Crm;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Scenarios;

/// <summary>One input of a step in the editor: where its value comes from, switched by the admin.</summary>
public sealed class StepInputEditorTests : ComponentTestBase
{
    [Fact]
    public void AskingAtLaunch_NamesTheQuestionAfterTheInput_AndKeepsTheValueAsItsDefault()
    {
        var (input, changes, cut) = RenderComment("Hello");

        ClickSource(cut, "Ask at launch");

        cut.WaitForAssertion(() => Assert.Equal(ValueSource.LaunchParameter, input.Source));
        Assert.Equal("Comment", input.Label);
        Assert.Equal("Hello", input.Value);
        Assert.Equal(1, changes());
        Assert.Equal("Comment", cut.Find("[data-testid=step-1-Text-label]").GetAttribute("value"));
        Assert.Equal("Hello", cut.Find("[data-testid=step-1-Text-default]").GetAttribute("value"));
    }

    [Fact]
    public void MovedFromLaunchToTheSettings_TheDefaultIsNotKeptAsTheSetting()
    {
        var (input, _, cut) = RenderComment("Hello");
        ClickSource(cut, "Ask at launch");
        cut.WaitForAssertion(() => Assert.Equal(ValueSource.LaunchParameter, input.Source));

        ClickSource(cut, "Admin before launch");

        cut.WaitForAssertion(() => Assert.Equal(ValueSource.AdminSetting, input.Source));
        Assert.Null(input.Value);
        Assert.Contains("Not set yet", cut.Find("[data-testid=step-1-Text-setting-note]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=step-1-Text-value]"));
    }

    private static void ClickSource(IRenderedComponent<StepInputEditor> cut, string text) =>
        cut.Find("[data-testid=step-1-Text-binding]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).Click();

    private (InputDraft Input, Func<int> Changes, IRenderedComponent<StepInputEditor> Cut) RenderComment(string value)
    {
        var robot = RobotsSetup.Catalog.Find("crm.add_comment")!;
        var input = new InputDraft { Declared = robot.Input("Text")!, Source = ValueSource.Fixed, Value = value };
        var changes = 0;
        var cut = Render<StepInputEditor>(p => p
            .Add(c => c.Input, input)
            .Add(c => c.Robot, robot)
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.Choices, ChoiceSet.None)
            .Add(c => c.Fields, ScenarioFields.For(CrmEntityType.Deal))
            .Add(c => c.Changed, () => changes++)
            .Add(c => c.TestId, "step-1-Text"));
        return (input, () => changes, cut);
    }
}
