using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Domain.Scenarios;

namespace Portal.Domain.Robots;

/// <summary>
/// What an input type means for its values: whether it is a template the renderer fills in per record, which values it
/// accepts once filled in (and, for a choice, one of its options), how a value filled into it is encoded, and whether its
/// text keeps its surrounding spacing. The editor (<c>ValueEditor</c>) and the way a value reads (<c>InputValueText</c>)
/// are the type's other two places; nothing else switches on the type.
/// </summary>
public sealed record InputTypeRules(
    bool TakesPlaceholders,
    Func<string, IReadOnlyList<string>, bool> Accepts,
    Func<string, string>? EncodeFilledIn = null,
    bool KeepsSpacing = false);

/// <summary>The rules of every <see cref="InputType"/>, in one table.</summary>
public static class InputTypes
{
    private static readonly Func<string, IReadOnlyList<string>, bool> Anything = (_, _) => true;

    private static readonly Dictionary<InputType, InputTypeRules> Rules = new()
    {
        [InputType.SingleLine] = new(TakesPlaceholders: true, Anything),
        [InputType.MultiLine] = new(TakesPlaceholders: true, Anything, KeepsSpacing: true),
        [InputType.Phone] = new(TakesPlaceholders: true, Anything),
        [InputType.User] = new(TakesPlaceholders: true, Anything),
        [InputType.WhatsAppLine] = new(TakesPlaceholders: false, Anything),
        [InputType.Stage] = new(TakesPlaceholders: false, Anything),
        [InputType.Number] = new(TakesPlaceholders: false, (value, options) =>
            decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)),
        [InputType.YesNo] = new(TakesPlaceholders: false, (value, _) => value is "true" or "false"),
        [InputType.Duration] = new(TakesPlaceholders: false, (value, options) => ScenarioRules.TryParseDelay(value, out _)),
        [InputType.Choice] = new(TakesPlaceholders: false, (value, options) => options.Contains(value, StringComparer.Ordinal)),
        [InputType.Url] = new(TakesPlaceholders: true, (value, _) => IsWebAddress(value)),
        [InputType.Json] = new(TakesPlaceholders: true, (value, _) => IsJson(value), JsonText, KeepsSpacing: true),
    };

    public static InputTypeRules Of(InputType type) =>
        Rules.TryGetValue(type, out var rules) ? rules : throw new ArgumentOutOfRangeException(nameof(type), type, "An input type without rules.");

    /// <summary>An absolute http or https address.</summary>
    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    private static bool IsJson(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A value as the inside of a JSON string: quotes, backslashes and line breaks escaped, letters kept as they are.</summary>
    private static string JsonText(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
}
