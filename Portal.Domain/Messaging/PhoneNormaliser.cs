using PhoneNumbers;

namespace Portal.Domain.Messaging;

/// <summary>Why a text is not a phone number that can be sent to.</summary>
public enum PhoneFailure
{
    /// <summary>Nothing but separators.</summary>
    Empty,

    /// <summary>Letters (an extension, a name) or signs other than digits, spaces, "-", ".", "/", "(", ")" and a leading "+".</summary>
    InvalidCharacters,

    /// <summary>Fewer digits than any number of the country (or a local number without its area code).</summary>
    TooShort,

    /// <summary>More digits than any number of the country.</summary>
    TooLong,

    /// <summary>After "+" (or the way out, "00", "810"…) comes no calling code that exists.</summary>
    InvalidCountryCode,

    /// <summary>Between the country's shortest and longest numbers, yet a length no number of it has.</summary>
    InvalidLength,

    /// <summary>A possible length in no range the country's numbering plan assigns ("0000000000", an area code that does not exist).</summary>
    NotInNumberingPlan,
}

/// <summary>What a valid number is, as far as the numbering plan says (libphonenumber's number type, reduced to what sending needs).</summary>
public enum PhoneKind
{
    /// <summary>A mobile range: it can receive WhatsApp.</summary>
    Mobile,

    /// <summary>A landline range.</summary>
    FixedLine,

    /// <summary>The plan does not tell landlines from mobiles (the US and Canada, among others).</summary>
    FixedLineOrMobile,

    /// <summary>Toll-free, VoIP, pager, premium rate and the like.</summary>
    Other,
}

/// <summary>
/// A phone number in E.164 form ("+79991234567") with its kind and its form for display (the default region's own
/// numbers in their national form, "8 (999) 123-45-67", others in the international one, "+44 20 7946 0958"), or why
/// the text is not a number that can be sent to.
/// </summary>
public readonly record struct NormalisedPhone(string? E164, PhoneFailure? Failure, PhoneKind? Kind, string? Display)
{
    public bool IsValid => E164 is not null;

    public static NormalisedPhone Invalid(PhoneFailure failure) => new(null, failure, null, null);
}

/// <summary>
/// Reads phone numbers as people write them through Google's libphonenumber (libphonenumber-csharp), for any region it
/// knows: "+", "00", "810", "011" (the region's ways out) start an international number, anything else is a national
/// number of the default region, with or without its trunk prefix ("8 (999) 123-45-67", "0151 12345678").
/// <list type="bullet">
/// <item>Valid means the library's <c>IsValidNumber</c>: the number lies in a range the country's plan assigns, not only
/// has a plausible length.</item>
/// <item>Before the library reads it, the text may hold only digits, separators (spaces, "-", ".", "/", parentheses)
/// and one leading "+": the library would drop an extension ("доб. 12", "ext. 12") and read the rest, and a message to
/// an office switchboard never reaches the person.</item>
/// </list>
/// </summary>
public static class PhoneNormaliser
{
    private const string SeparatorCharacters = " -./()\u00A0\t";

    private static readonly PhoneNumberUtil Library = PhoneNumberUtil.GetInstance();

    /// <summary>The region codes the library knows (ISO 3166 alpha-2, upper case).</summary>
    public static IReadOnlySet<string> Regions { get; } = Library.GetSupportedRegions();

    /// <summary>Whether <paramref name="region"/> is a region code the library knows, in any case ("UK" stands for GB).</summary>
    public static bool IsKnownRegion(string? region) => region is not null && Regions.Contains(Canonical(region));

    /// <summary>The number <paramref name="input"/> is, national numbers read as numbers of <paramref name="defaultRegion"/>.</summary>
    /// <exception cref="ArgumentException">The default region is not one the library knows.</exception>
    public static NormalisedPhone Normalise(string? input, string defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(defaultRegion);
        var region = Canonical(defaultRegion);
        if (!Regions.Contains(region))
        {
            throw new ArgumentException($"Unknown phone region '{defaultRegion}'.", nameof(defaultRegion));
        }

        var text = (input ?? string.Empty).Trim();
        var body = text.StartsWith('+') ? text[1..] : text;
        if (!body.All(c => char.IsAsciiDigit(c) || SeparatorCharacters.Contains(c, StringComparison.Ordinal)))
        {
            return NormalisedPhone.Invalid(PhoneFailure.InvalidCharacters);
        }

        if (!body.Any(char.IsAsciiDigit))
        {
            return NormalisedPhone.Invalid(PhoneFailure.Empty);
        }

        PhoneNumber number;
        try
        {
            number = Library.Parse(text, region);
        }
        catch (NumberParseException error)
        {
            return NormalisedPhone.Invalid(error.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => PhoneFailure.InvalidCountryCode,
                ErrorType.TOO_LONG => PhoneFailure.TooLong,
                _ => PhoneFailure.TooShort,
            });
        }

        if (!Library.IsValidNumber(number))
        {
            return NormalisedPhone.Invalid(Library.IsPossibleNumberWithReason(number) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT or PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => PhoneFailure.TooShort,
                PhoneNumberUtil.ValidationResult.TOO_LONG => PhoneFailure.TooLong,
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => PhoneFailure.InvalidCountryCode,
                PhoneNumberUtil.ValidationResult.INVALID_LENGTH => PhoneFailure.InvalidLength,
                _ => PhoneFailure.NotInNumberingPlan,
            });
        }

        var home = number.CountryCode == Library.GetCountryCodeForRegion(region);
        return new NormalisedPhone(
            Library.Format(number, PhoneNumberFormat.E164),
            null,
            KindOf(Library.GetNumberType(number)),
            Library.Format(number, home ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL));
    }

    /// <summary>How a number is shown to a person: its display form when it is valid, otherwise the text as it is.</summary>
    public static string Display(string text, string defaultRegion) =>
        Normalise(text, defaultRegion).Display ?? text;

    private static PhoneKind KindOf(PhoneNumberType type) => type switch
    {
        PhoneNumberType.MOBILE => PhoneKind.Mobile,
        PhoneNumberType.FIXED_LINE => PhoneKind.FixedLine,
        PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneKind.FixedLineOrMobile,
        _ => PhoneKind.Other,
    };

    private static string Canonical(string region)
    {
        var code = region.Trim().ToUpperInvariant();
        return code == "UK" ? "GB" : code;
    }
}
