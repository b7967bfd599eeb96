using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

public enum LineKind
{
    /// <summary>Built in: messages are kept and shown in the sandbox inbox, nothing leaves the portal.</summary>
    Sandbox,

    /// <summary>The WhatsApp Cloud API (or a gateway speaking it).</summary>
    CloudApi,
}

/// <summary>
/// A WhatsApp line messages are sent through. Scenarios refer to a line by id (the "WhatsApp line" input).
/// A Cloud API line carries where and how to reach the provider; its access token is kept only in its
/// protected (encrypted) form, which the domain never reads.
/// </summary>
public sealed class WhatsAppLine
{
    public const int NameMaxLength = 100;
    public const int PhoneMaxLength = 32;
    public const int UrlMaxLength = 500;
    public const int ApiVersionMaxLength = 20;
    public const int PhoneNumberIdMaxLength = 64;
    public const int SecretMaxLength = 4000;
    public const int VerifyTokenMaxLength = 100;
    public const int DefaultRatePerSecond = 80;
    public const int MaxRatePerSecond = 1000;
    public const string DefaultBaseUrl = "https://graph.facebook.com";
    public const string DefaultApiVersion = "v21.0";

    /// <summary>The refusal of a plain-http base URL on a line that does not allow it.</summary>
    public const string PlainHttpRefused = "plainHttp";

    private WhatsAppLine()
    {
    }

    public WhatsAppLine(string name, LineKind kind, string? phoneNumber = null)
    {
        Rename(name);
        Kind = kind;
        PhoneNumber = CrmValidation.OptionalText(nameof(PhoneNumber), phoneNumber, PhoneMaxLength);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public LineKind Kind { get; private set; }

    /// <summary>The line's own number, as the admin typed it (shown to people; the provider addresses it by <see cref="PhoneNumberId"/>).</summary>
    public string? PhoneNumber { get; private set; }

    /// <summary>Messages per second all workers together may send through the line.</summary>
    public int RatePerSecond { get; private set; } = DefaultRatePerSecond;

    public bool IsActive { get; private set; } = true;

    /// <summary>Cloud API: the provider's address, e.g. https://graph.facebook.com (an on-premise gateway or a test server elsewhere).</summary>
    public string? BaseUrl { get; private set; }

    /// <summary>
    /// The base URL may be plain http (a test server, a gateway on the same host): an administrator's explicit choice per
    /// line. Without it the token only ever travels over https.
    /// </summary>
    public bool AllowPlainHttp { get; private set; }

    public string? ApiVersion { get; private set; }

    public string? PhoneNumberId { get; private set; }

    /// <summary>The access token, encrypted by the host's data protection; never shown again.</summary>
    public string? ProtectedAccessToken { get; private set; }

    /// <summary>The token the provider echoes when it verifies the delivery-status webhook.</summary>
    public string? WebhookVerifyToken { get; private set; }

    /// <summary>The app secret the provider signs status callbacks with (encrypted); without it callbacks are refused.</summary>
    public string? ProtectedAppSecret { get; private set; }

    /// <summary>The row version: an admin saving an outdated copy is refused.</summary>
    public uint Version { get; private set; }

    public bool HasAccessToken => !string.IsNullOrEmpty(ProtectedAccessToken);

    public bool HasAppSecret => !string.IsNullOrEmpty(ProtectedAppSecret);

    /// <summary>True when the line would send over plain http without the administrator's allowance (a row from before the rule).</summary>
    public bool SendsOverUnallowedPlainHttp =>
        !AllowPlainHttp && BaseUrl is not null && BaseUrl.StartsWith(Uri.UriSchemeHttp + "://", StringComparison.OrdinalIgnoreCase);

    public static WhatsAppLine CloudApi(string name, string? phoneNumber, int ratePerSecond, CloudApiSettings settings, string protectedAccessToken)
    {
        var line = new WhatsAppLine(name, LineKind.CloudApi, phoneNumber);
        line.SetRate(ratePerSecond);
        line.Configure(settings);
        line.ReplaceAccessToken(protectedAccessToken);
        return line;
    }

    public void Rename(string name) => Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);

    public void SetPhoneNumber(string? phoneNumber) => PhoneNumber = CrmValidation.OptionalText(nameof(PhoneNumber), phoneNumber, PhoneMaxLength);

    public void SetRate(int ratePerSecond)
    {
        if (ratePerSecond is < 1 or > MaxRatePerSecond)
        {
            throw new CrmValidationException(nameof(RatePerSecond), CrmValidation.Invalid, MaxRatePerSecond);
        }

        RatePerSecond = ratePerSecond;
    }

    public void SetActive(bool active) => IsActive = active;

    /// <summary>
    /// Where the provider is and which of its numbers the line is (Cloud API lines only). The base URL is https, or plain
    /// http when <see cref="CloudApiSettings.AllowPlainHttp"/> says so. A stored token belongs to where it was typed for:
    /// when the base URL or the phone number id changes it is dropped, so it is never sent to the new place; the caller
    /// replaces it afterwards.
    /// </summary>
    public void Configure(CloudApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RequireCloud();
        var url = CrmValidation.RequiredText(nameof(BaseUrl), settings.BaseUrl, UrlMaxLength).TrimEnd('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            throw new CrmValidationException(nameof(BaseUrl), CrmValidation.Invalid);
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !settings.AllowPlainHttp)
        {
            throw new CrmValidationException(nameof(BaseUrl), PlainHttpRefused);
        }

        var version = CrmValidation.RequiredText(nameof(ApiVersion), settings.ApiVersion, ApiVersionMaxLength);
        var numberId = CrmValidation.RequiredText(nameof(PhoneNumberId), settings.PhoneNumberId, PhoneNumberIdMaxLength);
        if (!IsPathSegment(version))
        {
            throw new CrmValidationException(nameof(ApiVersion), CrmValidation.Invalid);
        }

        if (!IsPathSegment(numberId))
        {
            throw new CrmValidationException(nameof(PhoneNumberId), CrmValidation.Invalid);
        }

        if (url != BaseUrl || numberId != PhoneNumberId)
        {
            ProtectedAccessToken = null;
        }

        BaseUrl = url;
        AllowPlainHttp = settings.AllowPlainHttp;
        ApiVersion = version;
        PhoneNumberId = numberId;
        WebhookVerifyToken = CrmValidation.OptionalText(nameof(WebhookVerifyToken), settings.WebhookVerifyToken, VerifyTokenMaxLength);
    }

    /// <summary>A new token, already protected by the host; the old one is gone.</summary>
    public void ReplaceAccessToken(string protectedToken)
    {
        RequireCloud();
        ProtectedAccessToken = CrmValidation.RequiredText(nameof(ProtectedAccessToken), protectedToken, SecretMaxLength);
    }

    public void ReplaceAppSecret(string? protectedSecret)
    {
        RequireCloud();
        ProtectedAppSecret = CrmValidation.OptionalText(nameof(ProtectedAppSecret), protectedSecret, SecretMaxLength);
    }

    private static bool IsPathSegment(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private void RequireCloud()
    {
        if (Kind != LineKind.CloudApi)
        {
            throw new CrmValidationException(nameof(Kind), CrmValidation.Invalid);
        }
    }
}

/// <summary>The provider settings of a Cloud API line, as an admin enters them.</summary>
public sealed record CloudApiSettings(string? BaseUrl, string? ApiVersion, string? PhoneNumberId, string? WebhookVerifyToken = null, bool AllowPlainHttp = false);
