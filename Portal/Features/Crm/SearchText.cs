namespace Portal.Features.Crm;

/// <summary>What a quick-search box was given: a LIKE pattern for names, and digits when it looks like a phone.</summary>
public sealed record SearchText
{
    public const int MaxLength = 200;
    private const int MinPhoneDigits = 3;

    private SearchText(string pattern, string? phoneDigits)
    {
        Pattern = pattern;
        PhoneDigits = phoneDigits;
    }

    /// <summary>"%text%" with LIKE's own characters escaped.</summary>
    public string Pattern { get; }

    /// <summary>The digits to look for in phone numbers, or null when the text is not phone-like.</summary>
    public string? PhoneDigits { get; }

    public static SearchText? From(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        var digits = Domain.Crm.PhoneNumber.DigitsOf(text);
        var phoneLike = digits.Length >= MinPhoneDigits && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.');
        return new SearchText($"%{escaped}%", phoneLike ? $"%{digits}%" : null);
    }
}
