using Portal.Domain.Common;
using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

/// <summary>The "which numbers" choice of the send-message robot.</summary>
public static class WhichNumbers
{
    public const string First = "first";
    public const string FirstMobile = "first_mobile";
    public const string All = "all";
}

/// <summary>
/// The numbers a message goes to, in E.164 form, or why there are none (<see cref="ErrorCodes.PhoneMissing"/>,
/// <see cref="ErrorCodes.PhoneNoMobile"/> with the record's numbers as <see cref="Detail"/> (<see cref="NoMobileDetail"/>),
/// <see cref="ErrorCodes.PhoneInvalid"/> with the offending text as <see cref="Detail"/>). The engine's send step
/// and the launch dialog's pre-check both decide through <see cref="Choose"/>.
/// </summary>
public sealed record Recipients(IReadOnlyList<string> Numbers, string? Error, string? Detail)
{
    private static readonly char[] Separators = [',', ';'];

    /// <summary>
    /// Chooses the recipients from the rendered phone value (numbers separated by commas or semicolons, such as
    /// <c>{{Contact.Phone}}</c> renders them, or typed by hand):
    /// <list type="bullet">
    /// <item><see cref="WhichNumbers.First"/> (also when <paramref name="which"/> is empty or unknown): the first number; invalid fails.</item>
    /// <item><see cref="WhichNumbers.All"/>: every number, duplicates (after normalisation) once; any invalid number fails the record.</item>
    /// <item><see cref="WhichNumbers.FirstMobile"/>: the first number that is mobile, and other numbers are not looked at,
    /// invalid or not. A number is mobile when the record holds it (<paramref name="recordPhones"/>, matched by E.164 form
    /// or by digits) typed <see cref="PhoneType.Mobile"/>, or when the numbering plan says it is a mobile number
    /// (<see cref="PhoneKind.Mobile"/>) whatever the record's type: a number a manager typed "work" that is someone's
    /// mobile can receive WhatsApp, and that is what "first mobile" is for. The record's Mobile is trusted even where
    /// the plan says landline, and a plan that cannot tell (<see cref="PhoneKind.FixedLineOrMobile"/>, US and Canada)
    /// leaves the record's type to decide. When no number is mobile and some are the record's, the record has no mobile
    /// number: <see cref="ErrorCodes.PhoneNoMobile"/>, listing those numbers with their types, in their display form.
    /// When none is mobile and none is the record's (typed by hand, or from a field the record's phones do not hold),
    /// the choice falls back to the first number: the admin who typed a number meant it.</item>
    /// </list>
    /// </summary>
    public static Recipients Choose(string? value, string? which, string defaultRegion, IReadOnlyList<PhoneNumber>? recordPhones)
    {
        ArgumentNullException.ThrowIfNull(defaultRegion);
        var candidates = (value ?? string.Empty)
            .Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => (Text: text, Phone: PhoneNormaliser.Normalise(text, defaultRegion)))
            .ToList();
        if (candidates.Count == 0)
        {
            return new Recipients([], ErrorCodes.PhoneMissing, null);
        }

        switch (which)
        {
            case WhichNumbers.All:
                return FromCandidates(candidates);
            case WhichNumbers.FirstMobile:
                var known = (recordPhones ?? [])
                    .Select(p => (Phone: p, PhoneNormaliser.Normalise(p.Number, defaultRegion).E164))
                    .ToList();
                var typed = candidates
                    .Select(c => (Candidate: c, Phone: RecordPhoneOf(c, known)))
                    .ToList();
                var mobile = typed.FindIndex(c => c.Phone?.Type == PhoneType.Mobile || c.Candidate.Phone.Kind == PhoneKind.Mobile);
                if (mobile >= 0)
                {
                    return FromCandidates([typed[mobile].Candidate]);
                }

                var others = typed.Select(c => c.Phone).OfType<PhoneNumber>().Distinct().ToList();
                return others.Count > 0
                    ? new Recipients([], ErrorCodes.PhoneNoMobile, NoMobileDetail.Write(others, defaultRegion))
                    : FromCandidates(candidates.Take(1));
            default:
                return FromCandidates(candidates.Take(1));
        }
    }

    /// <summary>The record's phone this number is (by E.164 form or by digits), or null when it is not one of the record's.</summary>
    private static PhoneNumber? RecordPhoneOf((string Text, NormalisedPhone Phone) candidate, List<(PhoneNumber Phone, string? E164)> known)
    {
        var digits = PhoneNumber.DigitsOf(candidate.Text);
        foreach (var (phone, e164) in known)
        {
            if ((candidate.Phone.E164 is { } own && own == e164) || (digits.Length > 0 && digits == phone.Digits))
            {
                return phone;
            }
        }

        return null;
    }

    private static Recipients FromCandidates(IEnumerable<(string Text, NormalisedPhone Phone)> candidates)
    {
        var numbers = new List<string>();
        foreach (var (text, phone) in candidates)
        {
            if (phone.E164 is not { } number)
            {
                return new Recipients([], ErrorCodes.PhoneInvalid, text);
            }

            if (!numbers.Contains(number, StringComparer.Ordinal))
            {
                numbers.Add(number);
            }
        }

        return new Recipients(numbers, null, null);
    }
}
