using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Portal.Features.Api;

/// <summary>
/// The opaque <c>next</c> of a keyset page: the numbers the service continues from, base64url-encoded so that clients
/// pass it back as it is rather than build one. A cursor that does not decode is no cursor (the first page).
/// </summary>
public static class ApiCursor
{
    public static string Encode(params long[] parts) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Join(':', parts.Select(p => p.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>The cursor's numbers, when it is one of <paramref name="count"/> numbers; else null.</summary>
    public static long[]? Decode(string? cursor, int count)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200)
        {
            return null;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            var numbers = new long[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
                {
                    return null;
                }
            }

            return numbers.Length == count ? numbers : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
