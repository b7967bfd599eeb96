using System.Globalization;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using static Portal.Tests.Domain.Scenarios.ScenarioSamples;

namespace Portal.Tests.Domain.Scenarios;

public class StepValuesTests
{
    private static readonly CultureInfo English = new("en-US");

    private static readonly Dictionary<string, TemplateValue> Entity = new(StringComparer.Ordinal)
    {
        ["Deal.Title"] = TemplateValue.Text("Big order"),
        ["Deal.Amount"] = TemplateValue.Money(1500m, "RUB"),
        ["Contact.Name"] = TemplateValue.Text("Ivan Petrov"),
        ["Contact.Phone"] = TemplateValue.Text("+79001234567"),
    };

    /// <summary>Step 1 sends a message asked at launch on the admin's line; step 2 comments on what was sent.</summary>
    private static IReadOnlyList<ScenarioStep> Steps(string? messageDefault = "Hello {{Contact.Name}}") =>
        ScenarioRules.Normalise(Deal(
            SendMessage("sandbox", messageDefault),
            Comment("Sent «{{Launch.step1.Message}}» via {{Settings.step1.Line}} about {{Deal.Title}}"))).Steps;

    private static string? Resolve(
        IReadOnlyList<ScenarioStep> steps, int step, string input, Dictionary<string, string> launch, IReadOnlyDictionary<string, TemplateValue>? entity = null, bool templates = true)
    {
        var declared = Robots.Find(steps[step].RobotKey)!.Input(input)!;
        var bound = steps[step].Input(input)!;
        return StepValues.Resolve(declared, steps[step], bound, StepValues.Context(entity ?? Entity, steps, launch, English, templates), launch, English);
    }

    [Fact]
    public void Context_HasTheEntityFields_TheLaunchValues_AndTheSettings()
    {
        var context = StepValues.Context(Entity, Steps(), new Dictionary<string, string> { ["step1.Message"] = "typed" }, English);

        Assert.Equal("Big order", context["Deal.Title"].Format(English));
        Assert.Equal("typed", context["Launch.step1.Message"].Format(English));
        Assert.Equal("sandbox", context["Settings.step1.Line"].Format(English));
        Assert.False(context.ContainsKey("Launch.step2.Text"));
        Assert.False(context.ContainsKey("Settings.step1.Phone"));
    }

    [Fact]
    public void Context_WithoutALaunchValue_UsesTheDefault()
    {
        var context = StepValues.Context(Entity, Steps("the default"), new Dictionary<string, string>(), English);

        Assert.Equal("the default", context["Launch.step1.Message"].Format(English));
    }

    [Fact]
    public void Resolve_FixedValue_IsFilledFromTheEntity()
    {
        Assert.Equal("+79001234567", Resolve(Steps(), 0, "Phone", []));
    }

    [Fact]
    public void Resolve_AdminSetting_IsItsValue()
    {
        Assert.Equal("sandbox", Resolve(Steps(), 0, "Line", []));
    }

    [Fact]
    public void Resolve_NonTextInput_IsTakenAsItIs()
    {
        Assert.Equal("first_mobile", Resolve(Steps(), 0, "WhichNumbers", []));
    }

    [Fact]
    public void Resolve_LaunchDefault_IsUsedWhenNoValueIsGiven_AndRendered()
    {
        Assert.Equal("Hello Ivan Petrov", Resolve(Steps(), 0, "Message", []));
    }

    [Fact]
    public void Resolve_LaunchWithoutValueOrDefault_IsNull()
    {
        Assert.Null(Resolve(Steps(messageDefault: null), 0, "Message", []));
    }

    [Theory]
    [InlineData("Price: {{Deal.Amount}}", "Price: 1,500.00 RUB")]
    [InlineData("Hello, {{ Contact.Name }}!", "Hello, Ivan Petrov!")]
    [InlineData("<script>alert('x')</script>", "<script>alert('x')</script>")]
    [InlineData("{{ unclosed", "{{ unclosed")]
    public void Resolve_LaunchValueGiven_IsATemplate_RenderedPerEntity(string typed, string expected)
    {
        var launch = new Dictionary<string, string> { ["step1.Message"] = typed };

        Assert.Equal(expected, Resolve(Steps(), 0, "Message", launch));
    }

    [Theory]
    [InlineData("Price: {{Deal.Amount}}")]
    [InlineData("{{Deal.Title}}")]
    public void Resolve_LaunchValueAProcessRenderedAlready_IsTakenAsItIs(string passed)
    {
        var launch = new Dictionary<string, string> { ["step1.Message"] = passed };

        Assert.Equal(passed, Resolve(Steps(), 0, "Message", launch, templates: false));
        Assert.Equal($"Sent «{passed}» via sandbox about Big order", Resolve(Steps(), 1, "Text", launch, templates: false));
    }

    [Fact]
    public void Resolve_ADefaultAProcessLeftToTheScenario_IsStillATemplate()
    {
        // The process passed no message: the admin's default greets the contact by name.
        Assert.Equal("Hello Ivan Petrov", Resolve(Steps(), 0, "Message", [], templates: false));
        Assert.Equal("Sent «Hello Ivan Petrov» via sandbox about Big order", Resolve(Steps(), 1, "Text", [], templates: false));
    }

    [Fact]
    public void Effective_OfAProcessLaunch_KeepsOnlyTheValuesPassed_TheDefaultStaysTheScenarios()
    {
        LaunchParameter[] parameters = [new("step1.Message", "Message", Portal.Domain.Robots.InputType.MultiLine, true, "Hello {{Contact.Name}}", [])];
        var nothing = new Dictionary<string, string?> { ["step1.Message"] = null };

        Assert.Empty(Portal.Domain.Runs.LaunchRules.Effective(parameters, nothing, withDefaults: false));
        Assert.Equal("Hello {{Contact.Name}}", Portal.Domain.Runs.LaunchRules.Effective(parameters, nothing)["step1.Message"]);
    }

    [Fact]
    public void Resolve_PlaceholdersOfLaunchValuesAndSettings_AreFilledInOnePass()
    {
        var launch = new Dictionary<string, string> { ["step1.Message"] = "{{Deal.Amount}} <b>now</b>" };

        var comment = Resolve(Steps(), 1, "Text", launch);

        Assert.Equal("Sent «1,500.00 RUB <b>now</b>» via sandbox about Big order", comment);
    }

    [Fact]
    public void Resolve_PlaceholderOfALaunchDefault_IsWhatTheDefaultRendersTo()
    {
        Assert.Equal("Sent «Hello Ivan Petrov» via sandbox about Big order", Resolve(Steps(), 1, "Text", []));
    }

    [Fact]
    public void Resolve_EntityValueContainingPlaceholders_SubstitutedIntoALaunchValue_IsNeverParsedAgain()
    {
        var entity = new Dictionary<string, TemplateValue>(Entity) { ["Deal.Title"] = TemplateValue.Text("{{Contact.Name}} {{Deal.Amount}}") };
        var launch = new Dictionary<string, string> { ["step1.Message"] = "Re: {{Deal.Title}}" };

        Assert.Equal("Re: {{Contact.Name}} {{Deal.Amount}}", Resolve(Steps(), 0, "Message", launch, entity));
        Assert.Equal(
            "Sent «Re: {{Contact.Name}} {{Deal.Amount}}» via sandbox about {{Contact.Name}} {{Deal.Amount}}",
            Resolve(Steps(), 1, "Text", launch, entity));
    }

    [Fact]
    public void Resolve_EntityValueContainingPlaceholders_IsNotExpanded()
    {
        var steps = ScenarioRules.Normalise(Deal(Comment("Title: {{Deal.Title}}"))).Steps;
        var entity = new Dictionary<string, TemplateValue>(Entity) { ["Deal.Title"] = TemplateValue.Text("{{Contact.Name}} <script>") };
        var declared = Robots.Find("crm.add_comment")!.Input("Text")!;
        var noLaunch = new Dictionary<string, string>();

        var value = StepValues.Resolve(declared, steps[0], steps[0].Inputs[0], StepValues.Context(entity, steps, noLaunch, English), noLaunch, English);

        Assert.Equal("Title: {{Contact.Name}} <script>", value);
    }

    [Fact]
    public void Bound_IsTheLaunchValue_ThenTheDefault_ThenTheFixedOrSettingValue()
    {
        var steps = Steps("default");
        var message = steps[0].Input("Message")!;

        Assert.Equal("given", StepValues.Bound(steps[0], message, new Dictionary<string, string> { ["step1.Message"] = "given" }));
        Assert.Equal("default", StepValues.Bound(steps[0], message, new Dictionary<string, string> { ["step2.Message"] = "other step" }));
        Assert.Equal("sandbox", StepValues.Bound(steps[0], steps[0].Input("Line")!, new Dictionary<string, string> { ["step1.Line"] = "hijack" }));
    }
}
