namespace Portal.Domain.Crm;

public enum PhoneType
{
    Mobile,
    Work,
    Mailing,
    Other,
}

/// <summary>
/// A phone number as the CRM card holds it: the text a person typed (in any of the usual formats,
/// "+7 999 123-45-67", "8 (999) 123 45 67", "79991234567") and its type. <see cref="Digits"/> is the
/// same number reduced to digits, for searching. Normalising to E.164 for sending is the WhatsApp
/// robot's job, not the card's.
/// </summary>
public sealed record PhoneNumber
{
    public const int MaxLength = 40;
    public const int MinDigits = 5;
    public const int MaxDigits = 15;

    public PhoneNumber(string number, PhoneType type)
    {
        var trimmed = number?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new CrmValidationException(nameof(Number), CrmValidation.Required);
        }

        if (trimmed.Length > MaxLength)
        {
            throw new CrmValidationException(nameof(Number), CrmValidation.TooLong, MaxLength);
        }

        if (!trimmed.All(IsAllowed) || trimmed.IndexOf('+', 1) > 0)
        {
            throw new CrmValidationException(nameof(Number), CrmValidation.Invalid);
        }

        var digits = DigitsOf(trimmed);
        if (digits.Length is < MinDigits or > MaxDigits)
        {
            throw new CrmValidationException(nameof(Number), CrmValidation.Invalid);
        }

        Number = trimmed;
        Digits = digits;
        Type = type;
    }

    public string Number { get; }

    public string Digits { get; }

    public PhoneType Type { get; }

    /// <summary>Only the digits of a text: what a phone search compares.</summary>
    public static string DigitsOf(string text) =>
        new((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    private static bool IsAllowed(char c) =>
        char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '\u00A0';
}
