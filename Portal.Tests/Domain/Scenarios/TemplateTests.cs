using System.Globalization;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Tests.Domain.Scenarios;

public class TemplateTests
{
    private static readonly CultureInfo English = new("en-US");
    private static readonly CultureInfo Russian = new("ru-RU");
    private static readonly IReadOnlySet<string> Known = new HashSet<string> { "Deal.Title", "Deal.Amount", "Contact.Name", "Launch.Message" };

    private static readonly Dictionary<string, TemplateValue> Values = new()
    {
        ["Deal.Title"] = TemplateValue.Text("Поставка оборудования"),
        ["Deal.Amount"] = TemplateValue.Money(1234.5m, "RUB"),
        ["Contact.Name"] = TemplateValue.Text("Иван"),
    };

    [Fact]
    public void Render_Placeholders_AreReplacedAndTextKept()
    {
        var template = Template.Parse("Hello, {{Contact.Name}}! Your order «{{ Deal.Title }}» costs {{Deal.Amount}}.");

        Assert.Empty(template.Validate(Known));
        Assert.Equal(
            "Hello, Иван! Your order «Поставка оборудования» costs 1,234.50 RUB.",
            TemplateRenderer.Render(template, Values, English));
    }

    [Fact]
    public void Render_Money_FollowsTheReadersCulture()
    {
        var rendered = TemplateRenderer.Render(Template.Parse("{{Deal.Amount}}"), Values, Russian);

        // Russian groups thousands with a (no-break) space and uses a decimal comma.
        Assert.Matches(@"^1\s234,50 RUB$", rendered);
    }

    [Fact]
    public void Render_DateAndNumber_AreFormattedForTheCulture()
    {
        var values = new Dictionary<string, TemplateValue>
        {
            ["Deal.Created"] = TemplateValue.Date(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero), TimeZoneInfo.Utc),
            ["Deal.Count"] = TemplateValue.Number(12.50m),
        };

        Assert.Equal("11/22/2026 12.5", TemplateRenderer.Render(Template.Parse("{{Deal.Created}} {{Deal.Count}}"), values, English));
        Assert.Equal("22.11.2026 12,5", TemplateRenderer.Render(Template.Parse("{{Deal.Created}} {{Deal.Count}}"), values, Russian));
    }

    [Fact]
    public void Render_MissingOrEmptyValue_IsAnEmptyString()
    {
        var values = new Dictionary<string, TemplateValue> { ["Contact.Name"] = TemplateValue.Text(null) };

        Assert.Equal("Hello, !", TemplateRenderer.Render(Template.Parse("Hello, {{Contact.Name}}{{Launch.Message}}!"), values, English));
    }

    [Theory]
    [InlineData("{{Deal.Amount}}")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("'; DROP TABLE \"Deals\"; --")]
    [InlineData("{{")]
    public void Render_ValuesAreNeverInterpreted(string hostile)
    {
        var values = new Dictionary<string, TemplateValue>(Values) { ["Contact.Name"] = TemplateValue.Text(hostile) };

        Assert.Equal($"[{hostile}]", TemplateRenderer.Render(Template.Parse("[{{Contact.Name}}]"), values, English));
    }

    [Fact]
    public void Parse_SingleBracesAndPlainText_AreText()
    {
        var template = Template.Parse("{a} } { b }");

        Assert.Empty(template.Errors);
        Assert.Equal("{a} } { b }", TemplateRenderer.Render(template, Values, English));
        Assert.Equal("", TemplateRenderer.Render(Template.Parse(null), Values, English));
    }

    [Fact]
    public void Validate_UnknownPlaceholder_IsReportedWithItsLineAndColumn()
    {
        var template = Template.Parse("Hello {{Contact.Name}},\nyour {{Deal.Nope}} is ready");

        var error = Assert.Single(template.Validate(Known));

        Assert.Equal((TemplateError.Unknown, "Deal.Nope", 2, 6, 29), (error.Code, error.Placeholder, error.Line, error.Column, error.Position));
    }

    [Theory]
    [InlineData("Hi {{Contact.Name", TemplateError.Unclosed, 1, 4)]
    [InlineData("Hi {{ }} there", TemplateError.Empty, 1, 4)]
    [InlineData("{{Deal.}}", TemplateError.Malformed, 1, 1)]
    [InlineData("x\n  {{1abc}}", TemplateError.Malformed, 2, 3)]
    [InlineData("{{Deal Title}}", TemplateError.Malformed, 1, 1)]
    [InlineData("{{Deal.Title | upcase}}", TemplateError.Malformed, 1, 1)]
    public void Parse_BrokenPlaceholder_IsAnErrorAtItsPosition(string source, string code, int line, int column)
    {
        var error = Assert.Single(Template.Parse(source).Errors);

        Assert.Equal((code, line, column), (error.Code, error.Line, error.Column));
    }

    [Fact]
    public void Render_TemplateWithErrors_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => TemplateRenderer.Render(Template.Parse("{{"), Values, English));

    [Fact]
    public void Placeholders_ListsEachNameOnce() =>
        Assert.Equal(["Deal.Title", "Contact.Name"], Template.Parse("{{Deal.Title}} {{Contact.Name}} {{Deal.Title}}").Placeholders);
}
