using System.Globalization;
using System.Net;
using System.Text.Json;
using Portal.Domain.Common;
using Portal.Domain.Robots;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using Portal.Domain.Webhooks;
using Portal.Features.Engine.Robots;
using Portal.Features.Webhooks;

namespace Portal.Tests.Domain.Webhooks;

/// <summary>The rules a webhook's values and hosts follow, without a network.</summary>
public sealed class WebhookRulesTests
{
    private static readonly RobotDescriptor Webhook = RobotsSetup.Catalog.Find("http.webhook")!;

    [Theory]
    [InlineData("https://hooks.example.com/portal?x=1", null)]
    [InlineData("http://10.0.0.5:8080/in", null)]
    [InlineData("ftp://hooks.example.com/in", ErrorCodes.ParameterInvalid)]
    [InlineData("hooks.example.com/in", ErrorCodes.ParameterInvalid)]
    [InlineData("", ErrorCodes.ParameterMissing)]
    public void TheAddress_IsAnAbsoluteHttpAddress_OnceFilledIn(string url, string? code) =>
        Assert.Equal(code, InputRules.Check(Webhook.Input(WebhookRobot.Url)!, url)?.Code);

    [Theory]
    [InlineData("""{"id": 7}""", null)]
    [InlineData("""[1, 2]""", null)]
    [InlineData("""{"id": }""", ErrorCodes.ParameterInvalid)]
    [InlineData("id=7", ErrorCodes.ParameterInvalid)]
    public void TheBody_MustBeJson_OnceFilledIn(string body, string? code) =>
        Assert.Equal(code, InputRules.Check(Webhook.Input(WebhookRobot.Body)!, body)?.Code);

    [Fact]
    public void ValuesFilledIntoTheBody_AreEscapedAsJsonText_SoTheBodyStaysJson()
    {
        var step = new ScenarioStep("http.webhook", [new("Url", ValueSource.Fixed, "https://h.example/"), new("Body", ValueSource.Fixed, """{"title": "{{Deal.Title}}", "note": "Привет"}""")]);
        var context = new Dictionary<string, TemplateValue> { ["Deal.Title"] = TemplateValue.Text("Say \"hi\"\\\nбыстро") };

        var inputs = StepValues.ResolveStep(Webhook, step, context, new Dictionary<string, string>(), CultureInfo.InvariantCulture);

        var body = JsonDocument.Parse(inputs["Body"]!).RootElement;
        Assert.Equal("Say \"hi\"\\\nбыстро", body.GetProperty("title").GetString());
        Assert.Contains("Привет", inputs["Body"], StringComparison.Ordinal);
        Assert.Null(InputRules.Check(Webhook.Input(WebhookRobot.Body)!, inputs["Body"]));
    }

    [Fact]
    public void OtherTexts_AreFilledInAsTheyAre()
    {
        var step = new ScenarioStep("crm.add_comment", [new("Text", ValueSource.Fixed, "\"{{Deal.Title}}\"")]);
        var context = new Dictionary<string, TemplateValue> { ["Deal.Title"] = TemplateValue.Text("Say \"hi\"") };

        var inputs = StepValues.ResolveStep(RobotsSetup.Catalog.Find("crm.add_comment")!, step, context, new Dictionary<string, string>(), CultureInfo.InvariantCulture);

        Assert.Equal("\"Say \"hi\"\"", inputs["Text"]);
    }

    [Theory]
    [InlineData(" Hooks.Example.COM. ", "hooks.example.com")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("https://hooks.example.com", null)]
    [InlineData("hooks.example.com/in", null)]
    [InlineData("", null)]
    public void AHost_IsStoredAsAPlainLowerCaseName(string host, string? stored) => Assert.Equal(stored, WebhookHost.Normalise(host));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.10", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2a00:1450:4010::65", false)]
    public void LoopbackLinkLocalAndPrivateAddresses_AreNotThePublicInternet(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, WebhookHosts.IsPrivate(IPAddress.Parse(address)));

    [Fact]
    public void Headers_AreNameValueLines_WithoutTheOnesTheRequestSetsItself()
    {
        Assert.Equal([("Authorization", "Bearer a:b"), ("X-Id", "7")], WebhookRobot.ParseHeaders("Authorization: Bearer a:b\n\n X-Id :7 \n"));
        Assert.Empty(WebhookRobot.ParseHeaders(null)!);
        Assert.Null(WebhookRobot.ParseHeaders("no colon here"));
        Assert.Null(WebhookRobot.ParseHeaders("Bad Name: x"));
        Assert.Null(WebhookRobot.ParseHeaders("Host: evil.example"));
        Assert.Null(WebhookRobot.ParseHeaders("Idempotency-Key: mine"));
    }
}
