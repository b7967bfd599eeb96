using System.Net.Mail;

namespace Portal.Domain.Crm;

/// <summary>An e-mail address on a CRM card: one @, a dotted domain, no spaces.</summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;

    public EmailAddress(string value)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new CrmValidationException(nameof(EmailAddress), CrmValidation.Required);
        }

        if (trimmed.Length > MaxLength)
        {
            throw new CrmValidationException(nameof(EmailAddress), CrmValidation.TooLong, MaxLength);
        }

        if (!IsWellFormed(trimmed))
        {
            throw new CrmValidationException(nameof(EmailAddress), CrmValidation.Invalid);
        }

        Value = trimmed;
    }

    public string Value { get; }

    public override string ToString() => Value;

    private static bool IsWellFormed(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var domain = text[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }

        return MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
    }
}
