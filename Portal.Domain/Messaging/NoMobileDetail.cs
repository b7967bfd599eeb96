using Portal.Domain.Crm;

namespace Portal.Domain.Messaging;

/// <summary>
/// The detail of <see cref="Common.ErrorCodes.PhoneNoMobile"/>: the record's numbers that were looked at, each with its
/// type, stored in no language ("Work: 8 (495) 123-45-67; Other: +44 20 7946 0958") and worded where it is shown, so the
/// run page reads in its reader's language and the CSV export in English. A phone number holds neither ':' nor ';'.
/// </summary>
public static class NoMobileDetail
{
    /// <summary>The detail for <paramref name="phones"/>, each in its display form (<see cref="PhoneNormaliser.Display"/>).</summary>
    public static string Write(IEnumerable<PhoneNumber> phones, string defaultRegion) =>
        string.Join("; ", phones.Select(p => $"{p.Type}: {PhoneNormaliser.Display(p.Number, defaultRegion)}"));

    /// <summary>The numbers with their types, in the stored order; empty when the text is not such a detail.</summary>
    public static IReadOnlyList<(PhoneType Type, string Number)> Read(string? detail)
    {
        var numbers = new List<(PhoneType Type, string Number)>();
        foreach (var part in (detail ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? part[..colon] : string.Empty;
            if (!Enum.TryParse<PhoneType>(name, out var type) || type.ToString() != name || part[(colon + 1)..].Trim() is not { Length: > 0 } number)
            {
                return [];
            }

            numbers.Add((type, number));
        }

        return numbers;
    }
}
