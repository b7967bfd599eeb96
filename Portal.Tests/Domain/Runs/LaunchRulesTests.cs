using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;

namespace Portal.Tests.Domain.Runs;

public class LaunchRulesTests
{
    private static readonly LaunchParameter Message = new("step1.Message", "Message", InputType.MultiLine, true, null, []);
    private static readonly LaunchParameter Greeting = new("step1.Greeting", "Greeting", InputType.SingleLine, true, "Hello", []);
    private static readonly LaunchParameter Count = new("step2.Count", "Count", InputType.Number, false, null, []);
    private static readonly LaunchParameter Delay = new("step3.Delay", "Delay", InputType.Duration, true, null, []);
    private static readonly LaunchParameter Which = new("step4.Which", "Which", InputType.Choice, true, null, ["first", "all"]);

    private static readonly LaunchParameter WhatsAppText = new("step1.Message", "Message", InputType.MultiLine, true, null, [], MaxLength: 4096);
    private static readonly HashSet<string> NoPlaceholders = [];
    private static readonly HashSet<string> Known = new(["Contact.Name", "Deal.Title"], StringComparer.Ordinal);

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void ValidValues_HaveNoProblems_AndAreKeptWithDefaultsForTheEmptyOnes()
    {
        LaunchParameter[] parameters = [Message, Greeting, Count, Delay, Which];
        var values = Values(("step1.Message", "Line 1\n  Line 2 "), ("step1.Greeting", " "), ("step2.Count", " 12.5 "), ("step3.Delay", "00:05:00"), ("step4.Which", "all"));

        Assert.Empty(LaunchRules.Problems(parameters, values, NoPlaceholders));
        var effective = LaunchRules.Effective(parameters, values);

        Assert.Equal("Line 1\n  Line 2 ", effective["step1.Message"]);
        Assert.Equal("Hello", effective["step1.Greeting"]);
        Assert.Equal("12.5", effective["step2.Count"]);
        Assert.Equal("all", effective["step4.Which"]);
    }

    [Fact]
    public void EveryWrongValue_IsReportedOnItsOwnField()
    {
        LaunchParameter[] parameters = [Message, Count, Delay, Which];
        var values = Values(("step1.Message", ""), ("step2.Count", "twelve"), ("step3.Delay", "31.00:00:00"), ("step4.Which", "some"), ("step7.Other", "x"));

        var problems = LaunchRules.Problems(parameters, values, NoPlaceholders);

        Assert.Equal(
            [
                ("step7.Other", ErrorCodes.ParameterInvalid),
                ("step1.Message", ErrorCodes.ParameterMissing),
                ("step2.Count", ErrorCodes.ParameterInvalid),
                ("step3.Delay", ErrorCodes.ParameterInvalid),
                ("step4.Which", ErrorCodes.ParameterInvalid),
            ],
            problems.Select(p => (p.Key, p.Code)));
    }

    [Fact]
    public void AnOptionalValueLeftEmpty_IsNoProblemAndNotKept()
    {
        var values = Values(("step2.Count", null));

        Assert.Empty(LaunchRules.Problems([Count], values, NoPlaceholders));
        Assert.Empty(LaunchRules.Effective([Count], values));
    }

    [Fact]
    public void ATooLongValue_IsRefusedWithItsLength()
    {
        var problem = Assert.Single(LaunchRules.Problems([Message], Values(("step1.Message", new string('a', StepInput.ValueMaxLength + 1))), NoPlaceholders));

        Assert.Equal((ErrorCodes.ParameterTooLong, StepInput.ValueMaxLength + 1, StepInput.ValueMaxLength), (problem.Code, problem.Length, problem.Limit));
    }

    [Fact]
    public void AMessageLongerThanTheRobotTakes_IsRefusedOnItsField_WithItsLengthAndLimit()
    {
        var problem = Assert.Single(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", new string('a', 5000))), Known));

        Assert.Equal(("step1.Message", ErrorCodes.ParameterTooLong, 5000, 4096), (problem.Key, problem.Code, problem.Length, problem.Limit));
    }

    [Fact]
    public void ATemplate_IsMeasuredByItsOwnText_WhatItRendersToIsThePreChecksBusiness()
    {
        // 4,090 characters of text and a placeholder: may fit, may not; only the records can tell.
        var fits = new string('a', 4090) + "{{Contact.Name}}";
        var over = new string('a', 4097) + "{{Contact.Name}}";

        Assert.Empty(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", fits)), Known));
        Assert.Equal(4097, Assert.Single(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", over)), Known)).Length);
    }

    [Theory]
    [InlineData("Hello, {{Contact.Nmae}}!", "template.unknown_placeholder", "Contact.Nmae")]
    [InlineData("Hello, {{Launch.step1.Message}}!", "template.unknown_placeholder", "Launch.step1.Message")]
    [InlineData("Hello, {{Contact.Name", "template.unclosed", null)]
    [InlineData("Hello, {{ }}", "template.empty_placeholder", null)]
    public void APlaceholderTheValueMayNotUse_IsRefusedOnItsField(string typed, string code, string? placeholder)
    {
        var problem = Assert.Single(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", typed)), Known));

        Assert.Equal(("step1.Message", code, placeholder), (problem.Key, problem.Code, problem.Detail));
    }

    [Fact]
    public void KnownPlaceholders_AreFine_AndTextFromAProcess_IsNotParsed()
    {
        Assert.Empty(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", "Hello, {{Contact.Name}}!")), Known));
        Assert.Empty(LaunchRules.Problems([WhatsAppText], Values(("step1.Message", "Deal {{Contact.Nmae}} as titled")), placeholders: null));
    }
}
