using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using Portal.Features.Engine.Robots;
using static Portal.Tests.Domain.Scenarios.ScenarioSamples;

namespace Portal.Tests.Domain.Scenarios;

public class ScenarioTests
{
    private static readonly DateTimeOffset Later = Now.AddMinutes(5);

    private static ScenarioException Refused(Action act) => Assert.Throws<ScenarioException>(act);

    [Fact]
    public void Catalog_ReadsARobotsDeclaration_FromTheClassThatRunsIt_WithOrderedInputs()
    {
        var send = Robots.Find("olchat.send_message")!;
        Assert.Equal(RobotGroup.Other, send.Group);
        Assert.Equal(["Line", "Phone", "WhichNumbers", "Message"], send.Inputs.Select(i => i.Name));
        Assert.Equal(InputType.WhatsAppLine, send.Input("Line")!.Type);
        Assert.Equal(["first", "first_mobile", "all"], send.Input("WhichNumbers")!.Options);
        Assert.Equal("Robots.olchat.send_message.Message", send.Input("Message")!.LabelKey(send.Key));
        Assert.Equal("Robots.olchat.send_message", send.TitleKey);
        Assert.False(send.InProcesses);
        Assert.True(Robots.Find("crm.add_comment")!.InProcesses);
    }

    [Fact]
    public void EveryDeclaredRobot_IsRegisteredUnderItsKey()
    {
        using var services = new ServiceCollection().AddOptions().AddHttpClient().AddSingleton(TimeProvider.System).AddRobots().BuildServiceProvider();

        Assert.NotEmpty(Robots.All);
        Assert.All(Robots.All, robot => Assert.NotNull(services.GetKeyedService<IRobot>(robot.Key)));
        Assert.Same(Robots, services.GetRequiredService<RobotCatalog>());
    }

    [Fact]
    public void Create_KeepsTheDefinition_WithItsBindingModes()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox", message: "Hello")));

        var inputs = scenario.Steps[0].Inputs.ToDictionary(i => i.Name);
        Assert.Equal((ValueSource.AdminSetting, "sandbox"), (inputs["Line"].Source, inputs["Line"].Value));
        Assert.Equal((ValueSource.Fixed, "{{Contact.Phone}}"), (inputs["Phone"].Source, inputs["Phone"].Value));
        Assert.Equal((ValueSource.LaunchParameter, "Hello", "Message to send"), (inputs["Message"].Source, inputs["Message"].Value, inputs["Message"].Label));
        Assert.Equal((User, Now, User, Now), (scenario.CreatedById, scenario.CreatedAt, scenario.ModifiedById, scenario.ModifiedAt));
        Assert.False(scenario.IsActive);
        Assert.False(scenario.CanRun);
    }

    [Fact]
    public void Activate_WithAnEmptyAdminSetting_IsRefusedNamingIt_AndWorksOnceItIsSet()
    {
        var scenario = Create(Deal(SendMessage()));

        var refused = Refused(() => scenario.Activate(User, Later));
        Assert.Equal(ScenarioException.SettingsMissing, refused.Code);
        Assert.Equal(["1.Line"], refused.Problems.Select(p => p.Where));
        Assert.All(refused.Problems, p => Assert.Equal(ScenarioException.SettingsMissing, p.Code));
        Assert.False(scenario.IsActive);
        Assert.Equal(1, scenario.Version);

        scenario.Update(Deal(SendMessage(line: "sandbox")), Robots, User, Later);
        scenario.Activate(User, Later);
        Assert.True(scenario.IsActive);
        Assert.True(scenario.CanRun);
        Assert.Empty(scenario.MissingSettings());
    }

    [Fact]
    public void Activate_WithSeveralEmptySettings_NamesEachOfThem_InStepOrder()
    {
        var scenario = Create(Deal(
            Comment("first"),
            SendMessage(),
            new("crm.add_comment", [new("Text", ValueSource.AdminSetting, "   ")])));

        var refused = Refused(() => scenario.Activate(User, Later));

        Assert.Equal(["2.Line", "3.Text"], refused.Problems.Select(p => p.Where));
        Assert.Equal(["2.Line", "3.Text"], scenario.MissingSettings().Select(p => p.Where));
    }

    [Fact]
    public void ActiveScenario_CannotLoseAnAdminSetting_OnUpdate()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox")));
        scenario.Activate(User, Now);
        var version = scenario.Version;

        var refused = Refused(() => scenario.Update(Deal(SendMessage(line: " ")), Robots, User, Later));

        Assert.Equal(ScenarioException.SettingsMissing, refused.Code);
        Assert.Equal(["1.Line"], refused.Problems.Select(p => p.Where));
        Assert.Equal("sandbox", scenario.Steps[0].Input("Line")!.Value);
        Assert.True(scenario.IsActive);
        Assert.Equal(version, scenario.Version);
    }

    [Fact]
    public void InactiveScenario_MayBeSavedWithEmptySettings()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox")));

        scenario.Update(Deal(SendMessage(line: null)), Robots, User, Later);

        Assert.Null(scenario.Steps[0].Input("Line")!.Value);
        Assert.Equal(["1.Line"], scenario.MissingSettings().Select(p => p.Where));
    }

    [Fact]
    public void LaunchParameters_AreDerivedFromTheAskedAtLaunchInputs_InStepOrder()
    {
        var scenario = Create(Deal(
            SendMessage(line: "sandbox", message: "Hello"),
            Comment(null, ValueSource.LaunchParameter, "Comment"),
            new("flow.wait", [new("Delay", ValueSource.Fixed, "00:01:00")]),
            new("crm.set_field", [new("Field", ValueSource.LaunchParameter, "Title"), new("Value", ValueSource.LaunchParameter)])));

        var parameters = scenario.LaunchParameters(Robots);

        Assert.Equal(
            [
                new LaunchParameter("step1.Message", "Message to send", InputType.MultiLine, true, "Hello", [], 4096),
                new LaunchParameter("step2.Text", "Comment", InputType.MultiLine, true, null, [], 10_000),
                new LaunchParameter("step4.Field", "Field", InputType.Choice, true, "Title", ["Title", "Source", "Amount", "Name", "Industry"]),
                new LaunchParameter("step4.Value", "Value", InputType.SingleLine, false, null, []),
            ],
            parameters);
    }

    [Fact]
    public void LaunchParameterKeys_SurviveReorderingTheSteps()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox"), Comment(null, ValueSource.LaunchParameter)));
        Assert.Equal(["step1.Message", "step2.Text"], scenario.LaunchParameters(Robots).Select(p => p.Key));

        scenario.Update(Deal(scenario.Steps[1], scenario.Steps[0]), Robots, User, Later);

        Assert.Equal([2, 1], scenario.Steps.Select(s => s.Id));
        Assert.Equal(["step2.Text", "step1.Message"], scenario.LaunchParameters(Robots).Select(p => p.Key));
    }

    [Fact]
    public void NewSteps_AreNumberedAfterTheExistingOnes_AndKeepTheirIds()
    {
        var scenario = Create(Deal(Comment("one"), Comment("two")));
        Assert.Equal([1, 2], scenario.Steps.Select(s => s.Id));

        scenario.Update(Deal(Comment("new first"), scenario.Steps[0], scenario.Steps[1], Comment("new last")), Robots, User, Later);

        Assert.Equal([3, 1, 2, 4], scenario.Steps.Select(s => s.Id));
        Assert.Equal("step3", scenario.Steps[0].Key);
    }

    [Fact]
    public void NewStep_ReplacingTheLastOneInTheSameSave_GetsANewId_SoItIsNotMistakenForIt()
    {
        var scenario = Create(Deal(Comment("keep"), SendMessage("sandbox")));
        var before = scenario.Definition;

        scenario.Update(Deal(scenario.Steps[0], Comment("replacement")), Robots, User, Later);

        Assert.Equal([1, 3], scenario.Steps.Select(s => s.Id));
        Assert.Equal(
            [new ChangeItem(ChangeKind.StepRemoved, 2, "olchat.send_message"), new ChangeItem(ChangeKind.StepAdded, 2, "crm.add_comment")],
            ScenarioAudit.Compare(before, scenario.Definition, Robots));
    }

    [Fact]
    public void Placeholder_OfADeletedStep_IsRefused_EvenWhenANewStepOfTheSameRobotIsAdded()
    {
        var scenario = Create(Deal(Comment("Will send {{Launch.step2.Message}}"), SendMessage("sandbox")));

        var refused = Refused(() => scenario.Update(Deal(scenario.Steps[0], SendMessage("sandbox")), Robots, User, Later));

        Assert.Equal((TemplateError.Unknown, "Launch.step2.Message"), (refused.Code, Assert.Single(refused.Problems).Detail));
    }

    [Fact]
    public void Normalise_TrimsTexts_DropsBlanks_AndRenumbersClashingSteps()
    {
        var definition = new ScenarioDefinition(
            "  Named  ",
            "   ",
            CrmEntityType.Deal,
            [Comment("a", label: "  ") with { Id = 5 }, Comment("", ValueSource.LaunchParameter, " Asked ") with { Id = 5 }, Comment("c")]);

        var normalised = ScenarioRules.Normalise(definition);

        Assert.Equal("Named", normalised.Name);
        Assert.Null(normalised.Description);
        Assert.Equal([5, 6, 7], normalised.Steps.Select(s => s.Id));
        Assert.Null(normalised.Steps[0].Input("Text")!.Label);
        Assert.Equal("Asked", normalised.Steps[1].Input("Text")!.Label);
        Assert.Null(normalised.Steps[1].Input("Text")!.Value);
    }

    [Fact]
    public void RequiredFixedValue_Missing_IsRefusedNamingTheInput()
    {
        var refused = Refused(() => Create(Contact(Comment("  "))));

        Assert.Equal(ErrorCodes.ParameterMissing, refused.Code);
        Assert.Equal("1.Text", Assert.Single(refused.Problems).Where);
    }

    [Fact]
    public void RequiredFixedValue_MissingOnUpdate_LeavesTheScenarioAsItWas()
    {
        var scenario = Create(Contact(Comment("kept")));

        var refused = Refused(() => scenario.Update(Contact(Comment(null)), Robots, User, Later));

        Assert.Equal(("1.Text", ErrorCodes.ParameterMissing), (Assert.Single(refused.Problems).Where, refused.Code));
        Assert.Equal("kept", scenario.Steps[0].Input("Text")!.Value);
        Assert.Equal(1, scenario.Version);
    }

    [Fact]
    public void RequiredInput_AskedAtLaunchOrSetByTheAdmin_MayBeEmptyAtSave()
    {
        var scenario = Create(Deal(Comment(null, ValueSource.LaunchParameter), Comment(null, ValueSource.AdminSetting)));

        Assert.Equal(2, scenario.Steps.Count);
    }

    [Theory]
    [InlineData("no.such_robot", "Text", ScenarioException.UnknownRobot)]
    [InlineData("crm.add_comment", "Nope", ScenarioException.UnknownInput)]
    [InlineData("crm.change_stage", "Stage", ScenarioException.RobotNotForEntity)]
    public void UnknownOrMisplacedStep_IsRefused(string robot, string input, string code)
    {
        var refused = Refused(() => Create(Contact(new ScenarioStep(robot, [new(input, ValueSource.Fixed, "x")]))));

        Assert.Equal(code, refused.Code);
        Assert.Equal(1, refused.Problems[0].Step);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Name_EmptyOrWhitespace_IsRefused(string name)
    {
        var refused = Refused(() => Create(Deal(Comment("x")) with { Name = name }));

        Assert.Equal(ScenarioException.NameRequired, refused.Code);
        Assert.Equal(ScenarioException.NameRequired, Assert.Single(refused.Problems).Where);
    }

    [Fact]
    public void Name_Of300Characters_IsRefused_AndOf200IsKept_AndItIsTrimmed()
    {
        var refused = Refused(() => Create(Deal() with { Name = new string('я', 300) }));
        Assert.Equal(ScenarioException.NameTooLong, refused.Code);
        Assert.Equal("200", Assert.Single(refused.Problems).Detail);

        Assert.Equal(Scenario.NameMaxLength, Create(Deal() with { Name = new string('я', Scenario.NameMaxLength) }).Name.Length);
        Assert.Equal("Padded", Create(Deal() with { Name = "  Padded \t" }).Name);
        Assert.Equal(Scenario.NameMaxLength, Create(Deal() with { Name = $"  {new string('я', Scenario.NameMaxLength)}  " }).Name.Length);
    }

    [Fact]
    public void Description_TooLong_IsRefused_AndABlankOneIsDropped()
    {
        var refused = Refused(() => Create(Deal() with { Description = new string('d', Scenario.DescriptionMaxLength + 1) }));

        Assert.Equal(ScenarioException.DescriptionTooLong, refused.Code);
        Assert.Null(Create(Deal() with { Description = "  " }).Description);
        Assert.Equal("kept", Create(Deal() with { Description = " kept " }).Description);
    }

    [Fact]
    public void Value_LongerThanTheLimit_IsRefused_AndAtTheLimitIsKept()
    {
        var refused = Refused(() => Create(Deal(Comment(new string('v', StepInput.ValueMaxLength + 1)))));

        Assert.Equal(ScenarioException.ValueTooLong, refused.Code);
        Assert.Equal("1.Text", Assert.Single(refused.Problems).Where);
        Assert.Equal(StepInput.ValueMaxLength, Create(Deal(Comment(new string('v', StepInput.ValueMaxLength)))).Steps[0].Input("Text")!.Value!.Length);
    }

    [Fact]
    public void Label_LongerThanTheLimit_IsRefused()
    {
        var refused = Refused(() => Create(Deal(Comment(null, ValueSource.LaunchParameter, new string('l', StepInput.LabelMaxLength + 1)))));

        Assert.Equal((ScenarioException.LabelTooLong, "1.Text"), (refused.Code, Assert.Single(refused.Problems).Where));
    }

    [Fact]
    public void Check_ReportsEveryProblemAtOnce_CodedByTheFirst()
    {
        var refused = Refused(() => Create(new ScenarioDefinition(" ", null, CrmEntityType.Deal, [Comment(null), new("no.such", [])])));

        Assert.Equal(ScenarioException.NameRequired, refused.Code);
        Assert.Equal(
            [ScenarioException.NameRequired, ErrorCodes.ParameterMissing, ScenarioException.UnknownRobot],
            refused.Problems.Select(p => p.Code));
        Assert.Equal([0, 1, 2], refused.Problems.Select(p => p.Step));
    }

    [Theory]
    [InlineData("Count", "12.5", true)]
    [InlineData("Count", "-3", true)]
    [InlineData("Count", "twelve", false)]
    [InlineData("Count", "1e3", false)]
    [InlineData("Flag", "true", true)]
    [InlineData("Flag", "false", true)]
    [InlineData("Flag", "yes", false)]
    [InlineData("Delay", "00:05:00", true)]
    [InlineData("Delay", "30.00:00:00", true)]
    [InlineData("Delay", "00:00:00", false)]
    [InlineData("Delay", "30.00:00:01", false)]
    [InlineData("Delay", "five minutes", false)]
    [InlineData("Pick", "a", true)]
    [InlineData("Pick", "c", false)]
    [InlineData("Pick", "A", false)]
    public void TypedValue_IsCheckedAgainstItsInputType(string input, string value, bool valid)
    {
        var definition = Deal(new ScenarioStep("test.typed", [new(input, ValueSource.Fixed, value)]));

        var problems = ScenarioRules.Problems(ScenarioRules.Normalise(definition), WithTestRobot);

        if (valid)
        {
            Assert.Empty(problems);
            Assert.Equal(value, Create(definition, WithTestRobot).Steps[0].Input(input)!.Value);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.Equal((ErrorCodes.ParameterInvalid, $"1.{input}", value), (problem.Code, problem.Where, problem.Detail));
            Assert.Equal(ErrorCodes.ParameterInvalid, Refused(() => Create(definition, WithTestRobot)).Code);
        }
    }

    [Fact]
    public void TypedValue_OfAnAdminSettingOrLaunchDefault_IsCheckedToo()
    {
        var setting = Refused(() => Create(Deal(new ScenarioStep("test.typed", [new("Count", ValueSource.AdminSetting, "lots")])), WithTestRobot));
        var launch = Refused(() => Create(Deal(new ScenarioStep("flow.wait", [new("Delay", ValueSource.LaunchParameter, "45.00:00:00")]))));

        Assert.Equal(("1.Count", ErrorCodes.ParameterInvalid), (Assert.Single(setting.Problems).Where, setting.Code));
        Assert.Equal(("1.Delay", ErrorCodes.ParameterInvalid), (Assert.Single(launch.Problems).Where, launch.Code));
    }

    [Theory]
    [InlineData("00:00:01", true, 1)]
    [InlineData("1.00:00:00", true, 86400)]
    [InlineData("30.00:00:00", true, 2592000)]
    [InlineData("00:00:00", false, 0)]
    [InlineData("-00:05:00", false, 0)]
    [InlineData("31.00:00:00", false, 0)]
    [InlineData("30.00:00:00.001", false, 0)]
    [InlineData("", false, 0)]
    [InlineData(null, false, 0)]
    [InlineData("5m", false, 0)]
    public void TryParseDelay_AcceptsMoreThanZeroUpToThirtyDays(string? value, bool accepted, int seconds)
    {
        Assert.Equal(accepted, ScenarioRules.TryParseDelay(value, out var delay));
        if (accepted)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
        }
    }

    [Fact]
    public void UnknownPlaceholder_IsRefusedAtSave_WithItsLineAndColumn()
    {
        var refused = Refused(() => Create(Deal(Comment("Hello {{Contact.Nme}}!"))));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(TemplateError.Unknown, refused.Code);
        Assert.Equal((TemplateError.Unknown, 1, "Text", 1, 7, "Contact.Nme"), (problem.Code, problem.Step, problem.Input, problem.Line, problem.Column, problem.Detail));
        Assert.Equal("1.Text", problem.Where);
    }

    [Fact]
    public void UnknownPlaceholder_OnTheSecondLineOfTheSecondStep_IsPointedAtExactly()
    {
        var refused = Refused(() => Create(Deal(Comment("fine"), SendMessage(line: "sandbox", message: "Hello {{Contact.Name}},\n  your {{Deal.Nope}} is ready", messageSource: ValueSource.Fixed))));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal((TemplateError.Unknown, "2.Message", 2, 8, "Deal.Nope"), (problem.Code, problem.Where, problem.Line, problem.Column, problem.Detail));
    }

    [Theory]
    [InlineData("Hi {{Contact.Name", TemplateError.Unclosed, 1, 4)]
    [InlineData("Hi\n{{ }}", TemplateError.Empty, 2, 1)]
    [InlineData("{{Deal.Title | upcase}}", TemplateError.Malformed, 1, 1)]
    public void BrokenPlaceholder_IsRefusedAtSave_WithItsPosition(string text, string code, int line, int column)
    {
        var problem = Assert.Single(Refused(() => Create(Deal(Comment(text)))).Problems);

        Assert.Equal((code, "1.Text", line, column), (problem.Code, problem.Where, problem.Line, problem.Column));
    }

    [Fact]
    public void Placeholders_OfTheScenariosOwnLaunchParametersAndSettings_AreAccepted()
    {
        var scenario = Create(Deal(
            SendMessage(line: "sandbox"),
            Comment("Sent {{Launch.step1.Message}} on {{Settings.step1.Line}} to {{Contact.Name}}")));

        Assert.Equal("Sent {{Launch.step1.Message}} on {{Settings.step1.Line}} to {{Contact.Name}}", scenario.Steps[1].Input("Text")!.Value);
    }

    [Theory]
    [InlineData("{{Launch.step1.Phone}}")]
    [InlineData("{{Settings.step1.Message}}")]
    [InlineData("{{Launch.step9.Message}}")]
    [InlineData("{{launch.step1.Message}}")]
    public void Placeholders_OfInputsThatAreNotAskedOrSet_AreRefused(string placeholder)
    {
        var refused = Refused(() => Create(Deal(SendMessage(line: "sandbox"), Comment(placeholder))));

        var problem = Assert.Single(refused.Problems);
        Assert.Equal((TemplateError.Unknown, "2.Text", placeholder[2..^2]), (problem.Code, problem.Where, problem.Detail));
    }

    [Fact]
    public void DealField_OnAContactScenario_IsRefused_ButContactFieldsAreFine()
    {
        var refused = Refused(() => Create(Contact(Comment("About {{Deal.Title}}"))));

        Assert.Equal((TemplateError.Unknown, "Deal.Title"), (refused.Code, Assert.Single(refused.Problems).Detail));
        Assert.Single(Create(Contact(Comment("{{Contact.Name}} of {{Company.Name}}, {{Responsible.Name}}"))).Steps);
        Assert.Single(Create(Deal(Comment("About {{Deal.Title}}"))).Steps);
    }

    [Fact]
    public void Placeholders_InInputsThatAreNotText_AreNotTemplates()
    {
        // A Choice input is checked against its options, not parsed: "{{Deal.Title}}" is simply not an option.
        var refused = Refused(() => Create(Deal(new ScenarioStep("crm.set_field", [new("Field", ValueSource.Fixed, "{{Deal.Title}}")]))));

        Assert.Equal(ErrorCodes.ParameterInvalid, refused.Code);
    }

    [Fact]
    public void EveryChange_BumpsTheVersionExactlyOnce()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox")));
        Assert.Equal(1, scenario.Version);

        scenario.Update(Deal(SendMessage(line: "sandbox")) with { Name = "Versioned, renamed", Description = "now with a description" }, Robots, User, Later);
        Assert.Equal(2, scenario.Version);
        scenario.Activate(User, Later);
        Assert.Equal(3, scenario.Version);
        scenario.Deactivate(User, Later);
        Assert.Equal(4, scenario.Version);
        scenario.Delete("deleter", Later.AddMinutes(1));
        Assert.Equal(5, scenario.Version);

        Assert.Equal(("Versioned, renamed", "now with a description"), (scenario.Name, scenario.Description));
        Assert.Equal(("deleter", Later.AddMinutes(1)), (scenario.ModifiedById, scenario.ModifiedAt));
        Assert.Equal((User, Now), (scenario.CreatedById, scenario.CreatedAt));
    }

    [Fact]
    public void RefusedChange_DoesNotBumpTheVersion()
    {
        var scenario = Create(Deal(SendMessage()));

        Refused(() => scenario.Update(Deal(Comment(null)), Robots, User, Later));
        Refused(() => scenario.Activate(User, Later));

        Assert.Equal(1, scenario.Version);
        Assert.Equal(Now, scenario.ModifiedAt);
    }

    [Fact]
    public void Delete_StopsTheScenarioForGood()
    {
        var scenario = Create(Deal(SendMessage(line: "sandbox")));
        scenario.Activate(User, Now);

        scenario.Delete(User, Later);

        Assert.True(scenario.IsDeleted);
        Assert.Equal(Later, scenario.DeletedAt);
        Assert.False(scenario.IsActive);
        Assert.False(scenario.CanRun);
        var version = scenario.Version;
        Assert.Equal(ScenarioException.Deleted, Refused(() => scenario.Update(Deal(Comment("again")), Robots, User, Later)).Code);
        Assert.Equal(ScenarioException.Deleted, Refused(() => scenario.Activate(User, Later)).Code);
        Assert.Equal(ScenarioException.Deleted, Refused(() => scenario.Deactivate(User, Later)).Code);
        Assert.Equal(ScenarioException.Deleted, Refused(() => scenario.Delete(User, Later)).Code);
        Assert.Equal(version, scenario.Version);
        Assert.Equal("olchat.send_message", Assert.Single(scenario.Steps).RobotKey);
    }

    [Fact]
    public void Definition_IsWhatWasSaved_AndComparesByValue()
    {
        var definition = ScenarioRules.Normalise(Deal(SendMessage(line: "sandbox", message: "Hi"), Comment("x")) with { Description = "d" });

        var scenario = Create(definition);

        Assert.Equal(definition, scenario.Definition);
        Assert.NotEqual(definition, scenario.Definition with { Name = "other" });
        Assert.NotEqual(definition, definition with { Steps = [definition.Steps[1], definition.Steps[0]] });
    }
}
