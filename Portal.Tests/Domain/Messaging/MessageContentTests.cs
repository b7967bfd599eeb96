using System.Text.Json.Nodes;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Messaging;

public class MessageContentTests
{
    [Fact]
    public void Template_TheCloudApisTemplateObject_AndAReadableText()
    {
        var content = MessageContent.Template("order_ready", "en_US", ["Oleg", "#123", null, "", null]);

        Assert.Equal(MessageKind.Template, content.Kind);
        Assert.Equal("Template order_ready (en_US): Oleg, #123", content.Text);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"order_ready","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"Oleg"},{"type":"text","text":"#123"}]}]}"""),
            JsonNode.Parse(content.Payload!)));
    }

    [Fact]
    public void Template_WithoutParameters_HasNoBodyComponent()
    {
        var content = MessageContent.Template("hello_world", "ru", []);

        Assert.Equal("Template hello_world (ru)", content.Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"hello_world","language":{"code":"ru"}}"""), JsonNode.Parse(content.Payload!)));
    }

    [Theory]
    [InlineData("Order_Ready", CrmValidation.Invalid)]
    [InlineData("order-ready", CrmValidation.Invalid)]
    [InlineData("order ready", CrmValidation.Invalid)]
    [InlineData("заказ", CrmValidation.Invalid)]
    [InlineData("", CrmValidation.Required)]
    [InlineData(null, CrmValidation.Required)]
    public void Template_ANameOutsideWhatsAppsRule_IsRefusedOnTheName(string? name, string reason)
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.Template(name, "en", []));

        Assert.Equal(("TemplateName", reason), (error.Field, error.Reason));
    }

    [Fact]
    public void Template_ANameLongerThan512_IsTooLong()
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.Template(new string('a', 513), "en", []));

        Assert.Equal(("TemplateName", CrmValidation.TooLong, 512), (error.Field, error.Reason, error.Limit));
        Assert.Equal(MessageKind.Template, MessageContent.Template(new string('a', 512), "en", []).Kind);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("EN")]
    [InlineData("en-US")]
    [InlineData("en_us")]
    public void Template_ALanguageThatIsNotACode_IsRefusedOnTheLanguage(string language)
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.Template("order_ready", language, []));

        Assert.Equal(("Language", CrmValidation.Invalid), (error.Field, error.Reason));
    }

    [Fact]
    public void Template_AGapInTheParameters_IsRefusedOnTheEmptyOne()
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.Template("order_ready", "en", ["Oleg", " ", "#123"]));

        Assert.Equal(("Parameter2", CrmValidation.Required), (error.Field, error.Reason));
    }

    [Fact]
    public void Document_LinkCaptionAndFileName_Image_LinkAndCaption()
    {
        var document = MessageContent.File(FileKinds.Document, "https://files.example.com/invoice.pdf", "Your invoice", "invoice-123.pdf");
        var image = MessageContent.File(FileKinds.Image, "https://files.example.com/map.png", null, "ignored.png");

        Assert.Equal(MessageKind.Document, document.Kind);
        Assert.Equal("Document https://files.example.com/invoice.pdf (invoice-123.pdf): Your invoice", document.Text);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"link":"https://files.example.com/invoice.pdf","caption":"Your invoice","filename":"invoice-123.pdf"}"""),
            JsonNode.Parse(document.Payload!)));
        Assert.Equal(MessageKind.Image, image.Kind);
        Assert.Equal("Image https://files.example.com/map.png", image.Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://files.example.com/map.png"}"""), JsonNode.Parse(image.Payload!)));
    }

    [Theory]
    [InlineData("http://files.example.com/a.pdf")]
    [InlineData("files.example.com/a.pdf")]
    [InlineData("/a.pdf")]
    [InlineData("ftp://files.example.com/a.pdf")]
    public void File_ALinkThatIsNotAnAbsoluteHttpsUrl_IsRefusedOnTheLink(string link)
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.File(FileKinds.Document, link, null, null));

        Assert.Equal(("FileUrl", CrmValidation.Invalid), (error.Field, error.Reason));
    }

    [Fact]
    public void File_ACaptionOver1024_IsTooLong()
    {
        var error = Assert.Throws<CrmValidationException>(() => MessageContent.File(FileKinds.Image, "https://x.example/a.png", new string('c', 1025), null));

        Assert.Equal(("Caption", CrmValidation.TooLong, 1024), (error.Field, error.Reason, error.Limit));
        Assert.Equal(MessageKind.Image, MessageContent.File(FileKinds.Image, "https://x.example/a.png", new string('c', 1024), null).Kind);
    }

    [Fact]
    public void AMessage_KeepsItsKindAndPayload_ForTheSender()
    {
        var content = MessageContent.Template("order_ready", "en", ["Oleg"]);

        var message = WhatsAppMessage.Queued(1, "+79991234567", content, MessageOrigin.Step(1, 10, 0, CrmEntityType.Deal, 100, "+79991234567", "u"), DateTimeOffset.UnixEpoch);

        Assert.Equal(content, message.Content);
        Assert.Equal(MessageKind.Text, WhatsAppMessage.Queued(1, "+7", "Hi", MessageOrigin.TestSend("u"), DateTimeOffset.UnixEpoch).Content.Kind);
    }
}
