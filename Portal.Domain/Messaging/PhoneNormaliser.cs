namespace Portal.Domain.Messaging;

/// <summary>Why a text is not a phone number that can be sent to.</summary>
public enum PhoneFailure
{
    /// <summary>Nothing but separators.</summary>
    Empty,

    /// <summary>Letters (an extension, a name) or signs other than digits, spaces, "-", ".", "/", "(", ")" and a leading "+".</summary>
    InvalidCharacters,

    /// <summary>Fewer digits than any number of the region (or than E.164 allows).</summary>
    TooShort,

    /// <summary>More digits than any number of the region (or than E.164 allows).</summary>
    TooLong,

    /// <summary>The right number of digits in no form the region's numbering plan knows (a wrong trunk prefix, an area code that cannot exist).</summary>
    NotInNumberingPlan,
}

/// <summary>A phone number in E.164 form ("+79991234567"), or why the text is not one.</summary>
public readonly record struct NormalisedPhone(string? E164, PhoneFailure? Failure)
{
    public bool IsValid => E164 is not null;

    public static NormalisedPhone Valid(string e164) => new(e164, null);

    public static NormalisedPhone Invalid(PhoneFailure failure) => new(null, failure);
}

/// <summary>
/// One region's numbering plan, as far as sending a message needs it: the country calling code, the national
/// trunk prefixes (tried in order), the prefix for dialling abroad, the lengths of the national significant number
/// (the digits after the calling code) and which digits it may start with.
/// </summary>
public sealed record PhoneRegion(
    string Code,
    string CallingCode,
    IReadOnlyList<string> TrunkPrefixes,
    IReadOnlyList<string> InternationalPrefixes,
    int MinLength,
    int MaxLength,
    string LeadingDigits,
    string? SecondGroupLeadingDigits = null,
    int SecondGroupAt = 0)
{
    /// <summary>Whether <paramref name="nsn"/> (digits only) is a national significant number of this region.</summary>
    public bool Accepts(string nsn)
    {
        ArgumentNullException.ThrowIfNull(nsn);
        return nsn.Length >= MinLength && nsn.Length <= MaxLength
            && LeadingDigits.Contains(nsn[0], StringComparison.Ordinal)
            && (SecondGroupLeadingDigits is null || SecondGroupLeadingDigits.Contains(nsn[SecondGroupAt], StringComparison.Ordinal));
    }
}

/// <summary>
/// Turns a phone number as people write it into E.164 ("+" and up to 15 digits), for a small table of regions
/// (<see cref="Regions"/>: RU, KZ, BY, UA, DE, US, CA, GB/UK). No phone library is available here, so this is scoped to
/// what it can check: calling codes, trunk prefixes, lengths and simple leading-digit rules, not per-operator ranges.
/// <list type="bullet">
/// <item>Separators (spaces, "-", ".", "/", parentheses) are ignored; letters (an extension, "доб. 12") make it invalid.</item>
/// <item>"+", "00" (not in NANP), "810" (RU, KZ, BY) and "011" (NANP) start an international number. Its calling code,
/// when it is one of the table's, must be followed by a national number of a region with that code; "+44 (0)20…"
/// and "+49 (0)30…" drop the bracketed trunk "0", any other trunk prefix after a calling code is wrong.
/// A calling code outside the table is accepted when the whole number has 8 to 15 digits (E.164 allows 15,
/// ITU-T E.164; 8 is about the shortest number in use with its calling code) and does not start with 0.</item>
/// <item>Otherwise, in the default region, tried in this order: the trunk prefix and a national number
/// ("8 (999) 123-45-67", "0151 12345678"); a national number without the trunk prefix ("999 123 45 67");
/// the region's calling code and a national number without "+" ("79991234567").</item>
/// <item>Regions sharing a calling code share their plans: with default region RU, "8 727 123 45 67" is the
/// Kazakh +77271234567, as it is when dialled from Russia.</item>
/// </list>
/// </summary>
public static class PhoneNormaliser
{
    public const int E164MaxDigits = 15;
    public const int UnknownCodeMinDigits = 8;

    private const string SeparatorCharacters = " -./()\u00A0\t";

    private static readonly string[] RussianWayOut = ["810", "00"];
    private static readonly string[] EuropeanWayOut = ["00"];
    private static readonly string[] NanpWayOut = ["011"];

    /// <summary>The regions the normaliser knows, by code (ISO 3166 alpha-2; "UK" is accepted for GB).</summary>
    public static IReadOnlyDictionary<string, PhoneRegion> Regions { get; } = new[]
    {
        // Russia: 10 digits; 3xx, 4xx, 8xx geographic and non-geographic, 9xx mobile.
        new PhoneRegion("RU", "7", ["8"], RussianWayOut, 10, 10, "3489"),

        // Kazakhstan shares +7: 6xx and 7xx (7xx also mobile).
        new PhoneRegion("KZ", "7", ["8"], RussianWayOut, 10, 10, "67"),

        // Belarus: 9 digits (17 Minsk, 25/29/33/44 mobile); dialled nationally as "8 0xx" (or "80xx"), also "0xx".
        new PhoneRegion("BY", "375", ["80", "8", "0"], RussianWayOut, 9, 9, "1234"),

        // Ukraine: 9 digits after the trunk "0" (44 Kyiv, 50/63/66/67/68/73/9x mobile).
        new PhoneRegion("UA", "380", ["0"], EuropeanWayOut, 9, 9, "3456789"),

        // Germany: open plan, 6 to 11 digits after the trunk "0" (30 Berlin, 15x/16x/17x mobile).
        new PhoneRegion("DE", "49", ["0"], EuropeanWayOut, 6, 11, "123456789"),

        // NANP: area code and exchange code each start with 2-9.
        new PhoneRegion("US", "1", ["1"], NanpWayOut, 10, 10, "23456789", "23456789", 3),
        new PhoneRegion("CA", "1", ["1"], NanpWayOut, 10, 10, "23456789", "23456789", 3),

        // United Kingdom: mostly 10 digits after the trunk "0" (20 London, 7xxx mobile), a few 9-digit areas.
        new PhoneRegion("GB", "44", ["0"], EuropeanWayOut, 9, 10, "1235789"),
    }.ToDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="region"/> is a region code the normaliser knows (GB may be written UK).</summary>
    public static bool IsKnownRegion(string? region) => region is not null && Regions.ContainsKey(Canonical(region));

    /// <summary>The E.164 form of <paramref name="input"/>, national numbers read as numbers of <paramref name="defaultRegion"/>.</summary>
    /// <exception cref="ArgumentException">The default region is not one of <see cref="Regions"/>.</exception>
    public static NormalisedPhone Normalise(string? input, string defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(defaultRegion);
        if (!Regions.TryGetValue(Canonical(defaultRegion), out var region))
        {
            throw new ArgumentException($"Unknown phone region '{defaultRegion}'.", nameof(defaultRegion));
        }

        var text = (input ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return NormalisedPhone.Invalid(PhoneFailure.Empty);
        }

        var plus = text[0] == '+';
        var body = plus ? text[1..] : text;
        if (!body.All(c => char.IsAsciiDigit(c) || SeparatorCharacters.Contains(c, StringComparison.Ordinal)))
        {
            return NormalisedPhone.Invalid(PhoneFailure.InvalidCharacters);
        }

        // "+44 (0)20 7946 0958": the bracketed trunk prefix some countries print after the calling code.
        var bracketedTrunk = body.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("(0)", StringComparison.Ordinal);
        var digits = new string(body.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 0)
        {
            return NormalisedPhone.Invalid(PhoneFailure.Empty);
        }

        if (plus)
        {
            return International(digits, bracketedTrunk);
        }

        if (region.InternationalPrefixes.FirstOrDefault(p => digits.StartsWith(p, StringComparison.Ordinal)) is { } wayOut
            && International(digits[wayOut.Length..], bracketedTrunk) is { IsValid: true } abroad)
        {
            return abroad;
        }

        return National(digits, region);
    }

    private static NormalisedPhone International(string digits, bool bracketedTrunk)
    {
        if (digits.Length == 0)
        {
            return NormalisedPhone.Invalid(PhoneFailure.Empty);
        }

        var plans = PlansOf(digits);
        if (plans.Count == 0)
        {
            return digits.Length switch
            {
                < UnknownCodeMinDigits => NormalisedPhone.Invalid(PhoneFailure.TooShort),
                > E164MaxDigits => NormalisedPhone.Invalid(PhoneFailure.TooLong),
                _ => digits[0] == '0' ? NormalisedPhone.Invalid(PhoneFailure.NotInNumberingPlan) : NormalisedPhone.Valid("+" + digits),
            };
        }

        var callingCode = plans[0].CallingCode;
        var nsn = digits[callingCode.Length..];
        if (bracketedTrunk && nsn.StartsWith('0') && plans.Any(p => p.TrunkPrefixes.Contains("0")))
        {
            nsn = nsn[1..];
        }

        return Checked(callingCode, nsn, plans);
    }

    private static NormalisedPhone National(string digits, PhoneRegion region)
    {
        var plans = Regions.Values.Where(r => r.CallingCode == region.CallingCode).Distinct().ToList();
        foreach (var trunk in region.TrunkPrefixes)
        {
            if (digits.StartsWith(trunk, StringComparison.Ordinal) && plans.Any(p => p.Accepts(digits[trunk.Length..])))
            {
                return NormalisedPhone.Valid("+" + region.CallingCode + digits[trunk.Length..]);
            }
        }

        if (plans.Any(p => p.Accepts(digits)))
        {
            return NormalisedPhone.Valid("+" + region.CallingCode + digits);
        }

        if (digits.StartsWith(region.CallingCode, StringComparison.Ordinal) && plans.Any(p => p.Accepts(digits[region.CallingCode.Length..])))
        {
            return NormalisedPhone.Valid("+" + digits);
        }

        // Not a number of the region: say whether it was too short, too long, or the right size in no known form.
        var min = plans.Min(p => p.MinLength);
        var max = plans.Max(p => p.MaxLength) + region.TrunkPrefixes.Concat([region.CallingCode]).Max(p => p.Length);
        return digits.Length < min ? NormalisedPhone.Invalid(PhoneFailure.TooShort)
            : digits.Length > max ? NormalisedPhone.Invalid(PhoneFailure.TooLong)
            : NormalisedPhone.Invalid(PhoneFailure.NotInNumberingPlan);
    }

    private static NormalisedPhone Checked(string callingCode, string nsn, IReadOnlyList<PhoneRegion> plans)
    {
        if (plans.Any(p => p.Accepts(nsn)))
        {
            return NormalisedPhone.Valid("+" + callingCode + nsn);
        }

        // "+7 8 999…", "+380 050…": a trunk prefix after the calling code is a wrong number, whatever its length.
        if (plans.Any(p => p.TrunkPrefixes.Any(t => nsn.StartsWith(t, StringComparison.Ordinal) && p.Accepts(nsn[t.Length..]))))
        {
            return NormalisedPhone.Invalid(PhoneFailure.NotInNumberingPlan);
        }

        return nsn.Length < plans.Min(p => p.MinLength) ? NormalisedPhone.Invalid(PhoneFailure.TooShort)
            : nsn.Length > plans.Max(p => p.MaxLength) ? NormalisedPhone.Invalid(PhoneFailure.TooLong)
            : NormalisedPhone.Invalid(PhoneFailure.NotInNumberingPlan);
    }

    /// <summary>The regions whose calling code starts <paramref name="digits"/> (calling codes are prefix-free, so at most one code matches).</summary>
    private static List<PhoneRegion> PlansOf(string digits) =>
        Regions.Values.Where(r => digits.StartsWith(r.CallingCode, StringComparison.Ordinal)).Distinct().ToList();

    private static string Canonical(string region) =>
        string.Equals(region.Trim(), "UK", StringComparison.OrdinalIgnoreCase) ? "GB" : region.Trim();
}
