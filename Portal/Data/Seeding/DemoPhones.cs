using Bogus;
using Portal.Domain.Crm;

namespace Portal.Data.Seeding;

/// <summary>
/// Phone numbers as people really type them into a CRM card: one Russian mobile may arrive as
/// "+7 999 123-45-67", "8 (999) 123 45 67" or "79991234567". Every number goes through
/// <see cref="PhoneNumber"/>, so the card's rules (and its Digits) hold for seeded rows too.
/// </summary>
internal sealed class DemoPhones(Randomizer random)
{
    /// <summary>Ways to write a 10-digit national number of Russia or Kazakhstan (country code 7); '#' is a digit.</summary>
    private static readonly string[] NationalFormats =
    [
        "+7 ### ###-##-##",
        "8 (###) ### ## ##",
        "7##########",
        "8##########",
        "+7(###)###-##-##",
        "8-###-###-##-##",
        "+7 (###) ###-####",
        "+7 ### ### ## ##",
    ];

    private static readonly string[] MobilePrefixes = ["900", "903", "905", "909", "915", "916", "921", "926", "977", "985", "999", "701", "705", "707", "747", "777"];

    /// <summary>Moscow, St Petersburg, Yekaterinburg, Novosibirsk, Kazan, Almaty (whose numbers go on 7272…).</summary>
    private static readonly string[] CityCodes = ["495", "499", "812", "343", "383", "843", "7272"];

    /// <summary>Foreign numbers in ranges their numbering plans assign (London 20 7…, NANP exchanges 2-9…), so they are valid.</summary>
    private static readonly string[] ForeignFormats =
    [
        "+44 20 7### ####",
        "+1 (212) 5##-####",
        "+1 415 5## ####",
        "+49 30 ########",
        "+375 29 1##-##-##",
        "+998 90 ### ## ##",
    ];

    public PhoneNumber Mobile() => National(random.ArrayElement(MobilePrefixes), PhoneType.Mobile);

    public PhoneNumber Landline(PhoneType type) => National(random.ArrayElement(CityCodes), type);

    public PhoneNumber Foreign(PhoneType type) => new(Fill(random.ArrayElement(ForeignFormats)), type);

    private PhoneNumber National(string areaCode, PhoneType type) =>
        new(Fill(random.ArrayElement(NationalFormats), areaCode), type);

    /// <summary>The format with its '#'s replaced by the given leading digits, then by random ones.</summary>
    private string Fill(string format, string leadingDigits = "")
    {
        var text = format.ToCharArray();
        var next = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '#')
            {
                text[i] = next < leadingDigits.Length ? leadingDigits[next] : (char)('0' + random.Number(9));
                next++;
            }
        }

        return new string(text);
    }
}
