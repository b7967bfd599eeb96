using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Engine.Robots;
using Portal.Features.Messaging;
using Portal.Tests.Infrastructure.FakeWhatsApp;

namespace Portal.Tests.Integration.Messaging;

/// <summary>
/// The template and file robots through the same outbox as Send message: a Cloud API line against a real HTTP server on
/// 127.0.0.1 (the JSON it received is the evidence), and the sandbox line whose inbox shows what was sent.
/// </summary>
public class TemplateAndFileSendingTests(CloudApiApp app) : IClassFixture<CloudApiApp>
{
    [Fact]
    public async Task Template_EachRecordGetsTheTemplateWithItsOwnParameters()
    {
        var line = await app.LineAsync();
        var (run, deals) = await RunAsync(Template(line.Id, "order_ready", "en_US", "{{Deal.Title}}", "#42 ready"), 2, "410");

        Assert.All(await app.Kit.ItemsAsync(run.Id), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var received = Received("410");
        Assert.Equal(2, received.Count);
        foreach (var (deal, index) in deals.Select((d, i) => (d, i)))
        {
            var to = string.Create(CultureInfo.InvariantCulture, $"7999410{index:0000}");
            var json = JsonNode.Parse(Assert.Single(received, r => r.To == to).Json)!;
            Assert.Equal("template", (string?)json["type"]);
            Assert.Equal("whatsapp", (string?)json["messaging_product"]);
            Assert.True(JsonNode.DeepEquals(
                JsonNode.Parse($$"""
                    {"name":"order_ready","language":{"code":"en_US"},
                     "components":[{"type":"body","parameters":[{"type":"text","text":"{{deal.Title}}"},{"type":"text","text":"#42 ready"}]}]}
                    """),
                json["template"]),
                json.ToJsonString());
        }

        var messages = await MessagesAsync(run.Id);
        Assert.All(messages, m => Assert.Equal((MessageKind.Template, MessageStatus.Sent), (m.Kind, m.Status)));
        Assert.Contains(messages, m => m.Text == $"Template order_ready (en_US): {deals[0].Title}, #42 ready");
    }

    [Fact]
    public async Task Template_AGapInTheParameters_FailsTheRecord_NothingIsSent()
    {
        var line = await app.LineAsync();
        var (run, _) = await RunAsync(Template(line.Id, "order_ready", "en", "{{Deal.Title}}", null, "#42"), 1, "420");

        var item = Assert.Single(await app.Kit.ItemsAsync(run.Id));
        Assert.Equal((ItemStatus.Failed, ErrorCodes.ParameterMissing), (item.Status, item.ErrorCode));
        Assert.Empty(Received("420"));
        Assert.Empty(await MessagesAsync(run.Id));
    }

    [Fact]
    public async Task Template_ANameThatRendersOutsideWhatsAppsRule_FailsTheRecordWithTheName()
    {
        var line = await app.LineAsync();
        var (run, deals) = await RunAsync(Template(line.Id, "{{Deal.Title}}", "en"), 1, "430");

        var step = Assert.Single(await app.Kit.StepsAsync(run.Id));
        Assert.Equal((StepStatus.Failed, ErrorCodes.ParameterInvalid, $"TemplateName: {deals[0].Title}"), (step.Status, step.ErrorCode, step.ErrorDetail));
        Assert.Empty(Received("430"));
    }

    [Theory]
    [InlineData("Order-Ready", "en")]
    [InlineData("order_ready", "english")]
    public void Template_AFixedNameOrLanguageOutsideWhatsAppsRule_IsRefusedOnItsFieldInTheEditor(string name, string language)
    {
        var definition = new ScenarioDefinition("Templates", null, Portal.Domain.Crm.CrmEntityType.Deal, [Template(1, name, language)]);

        var problem = Assert.Single(ScenarioRules.Problems(ScenarioRules.Normalise(definition), RobotsSetup.Catalog), p => p.Code == ScenarioException.ValueInvalid);

        Assert.Equal(name == "Order-Ready" ? SendTemplateRobot.TemplateName : SendTemplateRobot.Language, problem.Input);
    }

    [Fact]
    public async Task Document_TheLinkCaptionAndFileName_RenderedPerRecord()
    {
        var line = await app.LineAsync();
        var step = File(line.Id, FileKinds.Document, "https://files.example.com/invoices/2026-12.pdf", "Invoice for {{Deal.Title}}", "invoice.pdf");
        var (run, deals) = await RunAsync(step, 1, "440");

        Assert.Equal(ItemStatus.Completed, Assert.Single(await app.Kit.ItemsAsync(run.Id)).Status);
        var json = JsonNode.Parse(Assert.Single(Received("440")).Json)!;
        Assert.Equal("document", (string?)json["type"]);
        Assert.True(JsonNode.DeepEquals(
            new JsonObject { ["link"] = "https://files.example.com/invoices/2026-12.pdf", ["caption"] = $"Invoice for {deals[0].Title}", ["filename"] = "invoice.pdf" },
            json["document"]),
            json.ToJsonString());
        Assert.Equal(MessageKind.Document, Assert.Single(await MessagesAsync(run.Id)).Kind);
    }

    [Fact]
    public async Task Image_TheLinkAndCaption()
    {
        var line = await app.LineAsync();
        var (run, _) = await RunAsync(File(line.Id, FileKinds.Image, "https://files.example.com/map.png", "How to find us", null), 1, "450");

        Assert.Equal(ItemStatus.Completed, Assert.Single(await app.Kit.ItemsAsync(run.Id)).Status);
        var json = JsonNode.Parse(Assert.Single(Received("450")).Json)!;
        Assert.Equal("image", (string?)json["type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://files.example.com/map.png","caption":"How to find us"}"""), json["image"]), json.ToJsonString());
    }

    [Fact]
    public async Task File_ALinkThatDoesNotRenderToHttps_FailsTheRecord_NothingIsSent()
    {
        var line = await app.LineAsync();
        var (run, deals) = await RunAsync(File(line.Id, FileKinds.Document, "{{Deal.Title}}", null, null), 1, "460");

        var step = Assert.Single(await app.Kit.StepsAsync(run.Id));
        Assert.Equal((StepStatus.Failed, ErrorCodes.ParameterInvalid, $"FileUrl: {deals[0].Title}"), (step.Status, step.ErrorCode, step.ErrorDetail));
        Assert.Empty(Received("460"));
    }

    [Fact]
    public void File_AFixedHttpLink_IsRefusedOnItsFieldInTheEditor()
    {
        var definition = new ScenarioDefinition("Files", null, Portal.Domain.Crm.CrmEntityType.Deal, [File(1, FileKinds.Image, "http://files.example.com/a.png", null, null)]);

        var problem = Assert.Single(ScenarioRules.Problems(ScenarioRules.Normalise(definition), RobotsSetup.Catalog), p => p.Code == ScenarioException.ValueInvalid);

        Assert.Equal(SendFileRobot.FileUrl, problem.Input);
    }

    [Fact]
    public async Task Template_OnTheSandboxLine_TheInboxShowsTheFilledTemplate()
    {
        var manager = await app.Kit.ManagerAsync();
        var (run, deals) = await RunAsync(Template(await app.Kit.SandboxLineAsync(), "order_ready", "en", "{{Deal.Title}}", "#123"), 1, "470", manager);

        Assert.Equal(ItemStatus.Completed, Assert.Single(await app.Kit.ItemsAsync(run.Id)).Status);
        Assert.Empty(Received("470"));
        await using var scope = app.Services.CreateAsyncScope();
        var inbox = await scope.ServiceProvider.GetRequiredService<LineAdmin>().InboxAsync(manager.Id, await app.Kit.SandboxLineAsync(), null, 50);
        var shown = Assert.Single(inbox!.Rows, r => r.RunId == run.Id);
        Assert.Equal($"Template order_ready (en): {deals[0].Title}, #123", shown.Text);
    }

    private static ScenarioStep Template(int lineId, string name, string language, params string?[] parameters) => new(SendTemplateRobot.Key,
    [
        .. Recipient(lineId),
        new(SendTemplateRobot.TemplateName, ValueSource.Fixed, name),
        new(SendTemplateRobot.Language, ValueSource.Fixed, language),
        .. parameters.Select((p, i) => new StepInput($"Parameter{i + 1}", ValueSource.Fixed, p)),
    ]);

    private static ScenarioStep File(int lineId, string kind, string link, string? caption, string? fileName) => new(SendFileRobot.Key,
    [
        .. Recipient(lineId),
        new(SendFileRobot.FileUrl, ValueSource.Fixed, link),
        new(SendFileRobot.Kind, ValueSource.Fixed, kind),
        new(SendFileRobot.Caption, ValueSource.Fixed, caption),
        new(SendFileRobot.FileName, ValueSource.Fixed, fileName),
    ]);

    private static StepInput[] Recipient(int lineId) =>
    [
        new(MessageRobot.Line, ValueSource.AdminSetting, lineId.ToString(CultureInfo.InvariantCulture)),
        new(MessageRobot.Phone, ValueSource.Fixed, "{{Contact.Phone}}"),
        new(MessageRobot.Numbers, ValueSource.Fixed, WhichNumbers.First),
    ];

    /// <summary>Runs the step on <paramref name="count"/> new deals whose numbers start +7 999 {prefix}, and waits for the end.</summary>
    private async Task<(ScenarioRun Run, List<Portal.Domain.Crm.Deal> Deals)> RunAsync(ScenarioStep step, int count, string prefix, Portal.Data.PortalUser? manager = null)
    {
        manager ??= await app.Kit.ManagerAsync();
        var scenario = await app.Kit.ScenarioAsync(step);
        var deals = await app.DealsWithPhonesAsync(manager, count, prefix);
        var launch = await app.Kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        Assert.True(launch.Launched, launch.ErrorCode);
        return (await app.Kit.FinishedAsync(launch.RunId!.Value, TimeSpan.FromSeconds(90)), deals);
    }

    private List<ReceivedRequest> Received(string prefix) => app.Api.Requests.Where(r => r.To.StartsWith($"7999{prefix}", StringComparison.Ordinal)).ToList();

    private Task<List<WhatsAppMessage>> MessagesAsync(long runId) =>
        app.Kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Id).ToListAsync());
}
