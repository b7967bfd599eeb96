using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Portal.Localization;

/// <summary>The CLDR plural categories the portal's languages use for whole numbers.</summary>
public enum PluralCategory
{
    One,
    Few,
    Many,
    Other,
}

/// <summary>
/// Texts that count something ("1 selected record", «3 записи», «5 записей»).
/// <para>
/// The scheme: a counted text has no key of its own but one key per plural category of each language, the category
/// in brackets after the text's key, lower case as CLDR names them: <c>Launch.Count[one]</c> and
/// <c>Launch.Count[other]</c> in English, <c>Launch.Count[one]</c>, <c>Launch.Count[few]</c> and
/// <c>Launch.Count[many]</c> in Russian. Each language has exactly the forms its rule needs (a test checks it).
/// </para>
/// <para>
/// The rules (CLDR, whole numbers): English one for 1, other for the rest; Russian one when n % 10 = 1 and
/// n % 100 ≠ 11 (1, 21, 101), few when n % 10 is 2–4 and n % 100 is not 12–14 (2, 3, 24), many for the rest
/// (0, 5, 11, 12, 25). Any other culture falls back to the English texts, so it takes the English rule.
/// </para>
/// </summary>
public static class Plurals
{
    private static readonly PluralCategory[] English = [PluralCategory.One, PluralCategory.Other];
    private static readonly PluralCategory[] Russian = [PluralCategory.One, PluralCategory.Few, PluralCategory.Many];

    /// <summary>The categories a language's counted texts have, in order.</summary>
    public static IReadOnlyList<PluralCategory> CategoriesOf(CultureInfo culture) => IsRussian(culture) ? Russian : English;

    public static PluralCategory CategoryOf(long count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs(count);
        if (!IsRussian(culture))
        {
            return n == 1 ? PluralCategory.One : PluralCategory.Other;
        }

        var (last, lastTwo) = (n % 10, n % 100);
        return last == 1 && lastTwo != 11 ? PluralCategory.One
            : last is >= 2 and <= 4 && lastTwo is not (>= 12 and <= 14) ? PluralCategory.Few
            : PluralCategory.Many;
    }

    /// <summary>The key of a counted text's form, e.g. <c>Launch.Count[few]</c>.</summary>
    public static string Key(string key, PluralCategory category) =>
        $"{key}[{category.ToString().ToLowerInvariant()}]";

    /// <summary>The key of the form for <paramref name="count"/> in the current UI culture.</summary>
    public static string Key(string key, long count) => Key(key, CategoryOf(count, CultureInfo.CurrentUICulture));

    /// <summary>The form for <paramref name="count"/>, with the count (formatted as the user reads numbers) as <c>{0}</c>.</summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count) =>
        localizer.Plural(key, count, count.ToString("N0", CultureInfo.CurrentCulture));

    /// <summary>The form for <paramref name="count"/>, filled with <paramref name="arguments"/> (a text with more than one number).</summary>
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, long count, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[Key(key, count), arguments];
    }

    private static bool IsRussian(CultureInfo culture) => culture.TwoLetterISOLanguageName == "ru";
}
