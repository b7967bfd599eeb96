using Portal.Domain.Messaging;

namespace Portal.Domain.Crm;

public enum PhoneType
{
    Mobile,
    Work,
    Mailing,
    Other,
}

/// <summary>
/// A phone number as the CRM card holds it: its text ("+7 999 123-45-67", "8 (999) 123 45 67", "79991234567")
/// and its type. <see cref="Digits"/> is the same number reduced to digits, for searching. The constructor checks
/// what every stored row satisfies (length, characters, 5 to 15 digits); a number a person enters on a card goes
/// through <see cref="Entered"/>, which also asks the numbering plan. Normalising to E.164 for sending is the
/// WhatsApp robot's job, not the card's.
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

    /// <summary>
    /// A number a person enters on a card: refused (<see cref="CrmValidation.PhoneRefused"/>) unless the numbering
    /// plan of its country has it (libphonenumber's <c>IsValidNumber</c>, national numbers read in
    /// <paramref name="defaultRegion"/>), so "0000000000" fails on its row when saved, not at send time. Kept in
    /// its display form ("8 (999) 123-45-67" for the default region's numbers, "+44 20 7946 0958" for others), so
    /// every card and list shows numbers one way whatever way they were typed.
    /// </summary>
    public static PhoneNumber Entered(string number, PhoneType type, string defaultRegion)
    {
        var phone = new PhoneNumber(number, type);
        var normalised = PhoneNormaliser.Normalise(phone.Number, defaultRegion);
        return normalised.Display is { } display
            ? new PhoneNumber(display, type)
            : throw new CrmValidationException(nameof(Number), CrmValidation.PhoneRefused(normalised.Failure!.Value));
    }

    /// <summary>Only the digits of a text: what a phone search compares.</summary>
    public static string DigitsOf(string text) =>
        new((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray());

    private static bool IsAllowed(char c) =>
        char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '\u00A0';
}
