using System.Globalization;
using Portal.Domain.Processes;
using Portal.Domain.Scenarios.Templates;
using static Portal.Tests.Domain.Processes.ProcessConditionsTests;

namespace Portal.Tests.Domain.Processes;

public class ProcessVariableTests
{
    private static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    [Theory]
    [InlineData("{{Deal.Amount}}", "150000")]
    [InlineData("1000.50", "1000.5")]
    [InlineData("{{Start.Limit}}", "1000.5")]
    [InlineData("{{Variables.Limit}}", "100000")]
    [InlineData("-12.25", "-12.25")]
    [InlineData("{{Deal.Source}}", "")]
    public void ANumber_IsTheValuesOwnOrItsTextReadInvariantly_WrittenInvariantly(string expression, string stored)
    {
        var variable = ProcessVariable.Compute(VariableType.Number, expression, Context, Russian, Zone);

        Assert.Equal(new ProcessVariable(VariableType.Number, stored), variable);
    }

    [Theory]
    [InlineData(VariableType.Number, "{{Deal.Title}}")]
    [InlineData(VariableType.Number, "1 000,5")]
    [InlineData(VariableType.Date, "{{Deal.Title}}")]
    [InlineData(VariableType.Date, "31.12.2026")]
    public void TextThatIsNotOfTheType_IsNoValue(VariableType type, string expression) =>
        Assert.Null(ProcessVariable.Compute(type, expression, Context, Russian, Zone));

    [Fact]
    public void ADate_KeepsTheMoment_AndAWrittenDayIsItsMidnightInThePortalsZone()
    {
        var created = ProcessVariable.Compute(VariableType.Date, "{{Deal.CreatedAt}}", Context, Russian, Zone)!;
        var written = ProcessVariable.Compute(VariableType.Date, "2026-12-31", Context, Russian, Zone)!;

        Assert.Equal(Context["Deal.CreatedAt"].AsDate, created.ToTemplateValue(Zone).AsDate);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.FromHours(3)), written.ToTemplateValue(Zone).AsDate);
        Assert.Equal("2026-12-31T00:00:00.0000000+03:00", written.Value);
    }

    [Fact]
    public void Text_RendersInTheInstancesLanguage_AsAnyActivityValueDoes()
    {
        var variable = ProcessVariable.Compute(VariableType.Text, "Sum {{Deal.Amount}}", Context, Russian, Zone)!;

        Assert.Equal(string.Create(Russian, $"Sum {150000m:N2} RUB"), variable.Value);
        Assert.Equal(variable.Value, variable.ToTemplateValue(Zone).Format(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AStoredVariable_ReadsBackAsItsType()
    {
        Assert.Equal(1234.5m, new ProcessVariable(VariableType.Number, "1234.5").ToTemplateValue(Zone).AsNumber);
        Assert.Equal("1234.5", new ProcessVariable(VariableType.Number, "1234.5").ToTemplateValue(Zone).Format(CultureInfo.InvariantCulture));
        Assert.Same(TemplateValue.Empty, new ProcessVariable(VariableType.Date, string.Empty).ToTemplateValue(Zone));
        Assert.Null(new ProcessVariable(VariableType.Text, "12").ToTemplateValue(Zone).AsNumber);
    }
}
