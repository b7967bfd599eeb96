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

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void ValidValues_HaveNoProblems_AndAreKeptWithDefaultsForTheEmptyOnes()
    {
        LaunchParameter[] parameters = [Message, Greeting, Count, Delay, Which];
        var values = Values(("step1.Message", "Line 1\n  Line 2 "), ("step1.Greeting", " "), ("step2.Count", " 12.5 "), ("step3.Delay", "00:05:00"), ("step4.Which", "all"));

        Assert.Empty(LaunchRules.Problems(parameters, values));
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

        var problems = LaunchRules.Problems(parameters, values);

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

        Assert.Empty(LaunchRules.Problems([Count], values));
        Assert.Empty(LaunchRules.Effective([Count], values));
    }

    [Fact]
    public void ATooLongValue_IsRefusedWithItsLength()
    {
        var problem = Assert.Single(LaunchRules.Problems([Message], Values(("step1.Message", new string('a', StepInput.ValueMaxLength + 1)))));

        Assert.Equal(ErrorCodes.ParameterInvalid, problem.Code);
        Assert.Contains("8001", problem.Detail, StringComparison.Ordinal);
    }
}
