using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;

namespace Portal.Tests.Domain.Scenarios;

public class ScenarioTests
{
    private static readonly RobotCatalog Robots = RobotCatalog.Default;

    /// <summary>The seed's example: line set by the admin before launch, message asked at launch.</summary>
    private static ScenarioStep SendMessage(string? line = null, string? message = null) => new("olchat.send_message",
    [
        new("Line", ValueSource.AdminSetting, line),
        new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
        new("WhichNumbers", ValueSource.Fixed, "first_mobile"),
        new("Message", ValueSource.LaunchParameter, message, "Message to send"),
    ]);

    [Fact]
    public void Catalog_DeclaresTheRobotsTheProductNeeds_WithOrderedInputs()
    {
        Assert.Equal(
            ["crm.add_comment", "crm.change_responsible", "crm.change_stage", "crm.notify_employee", "crm.set_field", "flow.wait", "olchat.send_message"],
            Robots.All.Select(r => r.Key).Order(StringComparer.Ordinal));
        var send = Robots.Find("olchat.send_message")!;
        Assert.Equal(RobotGroup.Other, send.Group);
        Assert.Equal(["Line", "Phone", "WhichNumbers", "Message"], send.Inputs.Select(i => i.Name));
        Assert.Equal(InputType.WhatsAppLine, send.Input("Line")!.Type);
        Assert.Equal(["first", "first_mobile", "all"], send.Input("WhichNumbers")!.Options);
        Assert.Equal("Robots.olchat.send_message.Message", send.Input("Message")!.LabelKey(send.Key));
    }

    [Fact]
    public void Activate_WithAnEmptyAdminSetting_IsRefusedNamingIt_AndWorksOnceItIsSet()
    {
        var scenario = Scenario.Create("Send message", CrmEntityType.Deal);
        scenario.ReplaceSteps([SendMessage()], Robots);

        var refused = Assert.Throws<ScenarioException>(scenario.Activate);
        Assert.Equal(ScenarioException.SettingsMissing, refused.Code);
        Assert.Equal(["1.Line"], refused.Problems);
        Assert.False(scenario.IsActive);

        scenario.ReplaceSteps([SendMessage(line: "sandbox")], Robots);
        scenario.Activate();
        Assert.True(scenario.IsActive);
        Assert.Empty(scenario.MissingSettings());
    }

    [Fact]
    public void ActiveScenario_CannotLoseAnAdminSetting()
    {
        var scenario = Scenario.Create("Send message", CrmEntityType.Deal);
        scenario.ReplaceSteps([SendMessage(line: "sandbox")], Robots);
        scenario.Activate();

        var refused = Assert.Throws<ScenarioException>(() => scenario.ReplaceSteps([SendMessage(line: " ")], Robots));

        Assert.Equal(ScenarioException.SettingsMissing, refused.Code);
        Assert.Equal("sandbox", scenario.Steps[0].Input("Line")!.Value);
    }

    [Fact]
    public void LaunchParameters_AreDerivedFromTheAskedAtLaunchInputs_InStepOrder()
    {
        var scenario = Scenario.Create("Two messages", CrmEntityType.Deal);
        scenario.ReplaceSteps(
        [
            SendMessage(line: "sandbox", message: "Hello"),
            new("crm.add_comment", [new("Text", ValueSource.LaunchParameter, null, "Comment")]),
            new("flow.wait", [new("Delay", ValueSource.Fixed, "00:01:00")]),
        ], Robots);

        var parameters = scenario.LaunchParameters(Robots);

        Assert.Equal(
            [new LaunchParameter("1.Message", "Message to send", InputType.MultiLine, true, "Hello"), new LaunchParameter("2.Text", "Comment", InputType.MultiLine, true, null)],
            parameters);
    }

    [Fact]
    public void RequiredFixedValue_Missing_IsRefusedNamingTheInput()
    {
        var scenario = Scenario.Create("Comment", CrmEntityType.Contact);

        var refused = Assert.Throws<ScenarioException>(() => scenario.ReplaceSteps([new("crm.add_comment", [new("Text", ValueSource.Fixed, "  ")])], Robots));

        Assert.Equal((ErrorCodes.ParameterMissing, "1.Text"), (refused.Code, Assert.Single(refused.Problems)));
        Assert.Empty(scenario.Steps);
    }

    [Theory]
    [InlineData("no.such_robot", "Text", ScenarioException.UnknownRobot)]
    [InlineData("crm.add_comment", "Nope", ScenarioException.UnknownInput)]
    [InlineData("crm.change_stage", "Stage", ScenarioException.RobotNotForEntity)]
    public void UnknownOrMisplacedStep_IsRefused(string robot, string input, string code)
    {
        var scenario = Scenario.Create("Contacts only", CrmEntityType.Contact);

        var refused = Assert.Throws<ScenarioException>(() => scenario.ReplaceSteps([new(robot, [new(input, ValueSource.Fixed, "x")])], Robots));

        Assert.Equal(code, refused.Code);
    }

    [Theory]
    [InlineData("", ScenarioException.NameRequired)]
    [InlineData("   ", ScenarioException.NameRequired)]
    public void Name_Empty_IsRefused(string name, string code) =>
        Assert.Equal(code, Assert.Throws<ScenarioException>(() => Scenario.Create(name, CrmEntityType.Deal)).Code);

    [Fact]
    public void Name_Of300Characters_IsRefused_AndOf200IsKept()
    {
        Assert.Equal(ScenarioException.NameTooLong, Assert.Throws<ScenarioException>(() => Scenario.Create(new string('я', 300), CrmEntityType.Deal)).Code);
        Assert.Equal(Scenario.NameMaxLength, Scenario.Create(new string('я', Scenario.NameMaxLength), CrmEntityType.Deal).Name.Length);
    }

    [Fact]
    public void EveryChange_BumpsTheVersion()
    {
        var scenario = Scenario.Create("Versioned", CrmEntityType.Deal);
        var created = scenario.Version;

        scenario.ReplaceSteps([SendMessage(line: "sandbox")], Robots);
        scenario.Activate();
        scenario.Describe("Versioned, renamed", "now with a description");
        scenario.Deactivate();

        Assert.Equal(created + 4, scenario.Version);
        Assert.Equal("now with a description", scenario.Description);
    }
}
