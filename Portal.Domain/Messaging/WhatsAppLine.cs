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
/// A WhatsApp line messages are sent through. Scenarios refer to a line by id (the "WhatsApp line" input);
/// the provider settings and the sending itself belong to the connector.
/// </summary>
public sealed class WhatsAppLine
{
    public const int NameMaxLength = 100;
    public const int DefaultRatePerSecond = 80;

    private WhatsAppLine()
    {
    }

    public WhatsAppLine(string name, LineKind kind, string? phoneNumber = null)
    {
        Rename(name);
        Kind = kind;
        PhoneNumber = phoneNumber;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public LineKind Kind { get; private set; }

    public string? PhoneNumber { get; private set; }

    public int RatePerSecond { get; private set; } = DefaultRatePerSecond;

    public bool IsActive { get; private set; } = true;

    public void Rename(string name) => Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
}
