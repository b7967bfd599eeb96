using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Portal.Data.Seeding;

/// <summary>The arguments of <c>Portal seed</c>: how much to add, and whether only into an empty CRM.</summary>
public sealed record DemoDataRequest(DemoDataSize Size, bool OnlyIfEmpty)
{
    public const string Usage =
        "Usage: Portal seed --deals N [--contacts N] [--companies N] [--leads N] [--if-empty]\n" +
        "  Adds demo CRM data. Without them, contacts = N/2, companies = N/10, leads = N/5.\n" +
        "  --if-empty  do nothing when the database already has deals.";

    private const string Deals = "--deals";
    private const string Contacts = "--contacts";
    private const string Companies = "--companies";
    private const string Leads = "--leads";
    private const string IfEmpty = "--if-empty";

    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out DemoDataRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        request = null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var onlyIfEmpty = false;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option == IfEmpty)
            {
                onlyIfEmpty = true;
                continue;
            }

            if (option is not (Deals or Contacts or Companies or Leads))
            {
                error = $"unknown argument '{option}'.";
                return false;
            }

            var value = i + 1 < args.Count ? args[++i] : null;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                error = value is null
                    ? $"{option} needs a number."
                    : $"{option} must be a whole number, 0 or more (got '{value}').";
                return false;
            }

            counts[option] = count;
        }

        if (!counts.TryGetValue(Deals, out var deals))
        {
            error = $"{Deals} is required.";
            return false;
        }

        var derived = DemoDataSize.ForDeals(deals);
        request = new DemoDataRequest(
            new DemoDataSize(
                deals,
                counts.GetValueOrDefault(Contacts, derived.Contacts),
                counts.GetValueOrDefault(Companies, derived.Companies),
                counts.GetValueOrDefault(Leads, derived.Leads)),
            onlyIfEmpty);
        error = null;
        return true;
    }
}
