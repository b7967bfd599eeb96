using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

/// <summary>What a WhatsApp message carries, as the Cloud API's <c>type</c> names it.</summary>
public enum MessageKind
{
    Text,

    /// <summary>An approved template with its body parameters: what a business may send first, outside the customer's 24-hour window.</summary>
    Template,
    Document,
    Image,
}

/// <summary>The choice of the send-file robot: what the file is sent as.</summary>
public static class FileKinds
{
    public const string Document = "document";
    public const string Image = "image";
}

/// <summary>
/// A message's content: its kind, a readable <see cref="Text"/> (what the inbox, the run log and the export show) and,
/// for everything but plain text, the <see cref="Payload"/>: the JSON object the Cloud API takes under the message's
/// <c>type</c> (<c>template</c>, <c>document</c>, <c>image</c>), kept with the message so a retry sends exactly the same.
/// The factories refuse what WhatsApp would refuse, with the field at fault (<see cref="CrmValidationException.Field"/>).
/// </summary>
public sealed partial record MessageContent
{
    public const int TemplateNameMaxLength = 512;
    public const int LanguageMaxLength = 15;
    public const int CaptionMaxLength = 1024;
    public const int FileNameMaxLength = 240;
    public const int LinkMaxLength = 2000;

    /// <summary>WhatsApp's rule for template names: lowercase letters, digits and underscores.</summary>
    public const string TemplateNamePattern = "^[a-z0-9_]+$";

    /// <summary>WhatsApp's language codes: a language (<c>en</c>, <c>ru</c>, <c>fil</c>) with an optional region (<c>en_US</c>, <c>zh_HK</c>).</summary>
    public const string LanguagePattern = "^[a-z]{2,3}(_[A-Z]{2})?$";

    /// <summary>What a link looks like before it is parsed: https, no spaces (the whole rule is <see cref="File"/>'s).</summary>
    public const string HttpsLinkPattern = "^https://\\S+$";

    private MessageContent(MessageKind kind, string text, string? payload)
    {
        Kind = kind;
        Text = text;
        Payload = payload;
    }

    public MessageKind Kind { get; }

    /// <summary>The message in words: the text itself, or a summary such as "Template order_ready (en): Oleg, #123".</summary>
    public string Text { get; }

    /// <summary>The Cloud API's object for <see cref="Kind"/> as JSON; null for plain text.</summary>
    public string? Payload { get; }

    public static MessageContent Plain(string text) => new(MessageKind.Text, text, null);

    /// <summary>The content as a message keeps it (checked when it was made).</summary>
    public static MessageContent Restore(MessageKind kind, string text, string? payload) => new(kind, text, payload);

    /// <summary>
    /// A template message: <paramref name="name"/> by WhatsApp's rule for template names (lowercase letters, digits and
    /// underscores), <paramref name="language"/> a code such as <c>en</c> or <c>en_US</c>, and the body's parameters in
    /// order (<c>{{1}}</c>, <c>{{2}}</c>, …): a gap (an empty one before one that is set) would shift them, so it is refused.
    /// </summary>
    public static MessageContent Template(string? name, string? language, IReadOnlyList<string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        name = name?.Trim();
        language = language?.Trim();
        Require(name, "TemplateName", TemplateNameMaxLength, TemplateNameRegex());
        Require(language, "Language", LanguageMaxLength, LanguageRegex());
        var count = parameters.Count;
        while (count > 0 && string.IsNullOrWhiteSpace(parameters[count - 1]))
        {
            count--;
        }

        var gap = parameters.Take(count).ToList().FindIndex(string.IsNullOrWhiteSpace);
        if (gap >= 0)
        {
            throw new CrmValidationException(string.Create(CultureInfo.InvariantCulture, $"Parameter{gap + 1}"), CrmValidation.Required);
        }

        var values = parameters.Take(count).Select(p => p!).ToList();
        var body = values.Count == 0
            ? null
            : new[] { new { type = "body", parameters = values.Select(v => new { type = "text", text = v }).ToArray() } };
        var payload = JsonSerializer.Serialize(new { name, language = new { code = language }, components = body }, OmitNulls);
        var text = values.Count == 0 ? $"Template {name} ({language})" : $"Template {name} ({language}): {string.Join(", ", values)}";
        return new(MessageKind.Template, Truncate(text), payload);
    }

    /// <summary>
    /// A file by link: <paramref name="kind"/> is <see cref="FileKinds.Document"/> (with an optional file name) or
    /// <see cref="FileKinds.Image"/>; the link an absolute https URL (the provider fetches it), the caption at most
    /// <see cref="CaptionMaxLength"/> characters.
    /// </summary>
    public static MessageContent File(string? kind, string? link, string? caption, string? fileName)
    {
        link = link?.Trim();
        caption = string.IsNullOrWhiteSpace(caption) ? null : caption;
        fileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName.Trim();
        if (string.IsNullOrEmpty(link))
        {
            throw new CrmValidationException("FileUrl", CrmValidation.Required);
        }

        if (link.Length > LinkMaxLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CrmValidationException("FileUrl", CrmValidation.Invalid);
        }

        if (caption?.Length > CaptionMaxLength)
        {
            throw new CrmValidationException("Caption", CrmValidation.TooLong, CaptionMaxLength);
        }

        var document = kind == FileKinds.Document;
        var payload = document
            ? JsonSerializer.Serialize(new { link, caption, filename = fileName?.Length > FileNameMaxLength ? fileName[..FileNameMaxLength] : fileName }, OmitNulls)
            : JsonSerializer.Serialize(new { link, caption }, OmitNulls);
        var named = document && fileName is not null ? $" ({fileName})" : string.Empty;
        var text = $"{(document ? "Document" : "Image")} {link}{named}{(caption is null ? string.Empty : $": {caption}")}";
        return new(document ? MessageKind.Document : MessageKind.Image, Truncate(text), payload);
    }

    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static void Require(string? value, string field, int limit, Regex pattern)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new CrmValidationException(field, CrmValidation.Required);
        }

        if (value.Length > limit)
        {
            throw new CrmValidationException(field, CrmValidation.TooLong, limit);
        }

        if (!pattern.IsMatch(value))
        {
            throw new CrmValidationException(field, CrmValidation.Invalid);
        }
    }

    private static string Truncate(string text) => text.Length > WhatsAppMessage.TextMaxLength ? text[..WhatsAppMessage.TextMaxLength] : text;

    [GeneratedRegex(TemplateNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex TemplateNameRegex();

    [GeneratedRegex(LanguagePattern, RegexOptions.CultureInvariant)]
    private static partial Regex LanguageRegex();
}
