using Portal.Domain.Crm;

namespace Portal.Features.Crm;

/// <summary>A phone row while a person edits it: any text, checked only when saved.</summary>
public sealed class PhoneDraft
{
    public string Number { get; set; } = string.Empty;

    public PhoneType Type { get; set; } = PhoneType.Mobile;

    public static PhoneDraft From(PhoneNumber phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        return new PhoneDraft { Number = phone.Number, Type = phone.Type };
    }

    /// <summary>
    /// The valid numbers (<see cref="PhoneNumber.Entered"/>, national ones read in <paramref name="defaultRegion"/>);
    /// blank rows are dropped; the first bad row fails as "Phones.{index}".
    /// </summary>
    public static IReadOnlyList<PhoneNumber> Validate(IReadOnlyList<PhoneDraft> drafts, string defaultRegion)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var phones = new List<PhoneNumber>();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(drafts[i].Number))
            {
                continue;
            }

            try
            {
                phones.Add(PhoneNumber.Entered(drafts[i].Number, drafts[i].Type, defaultRegion));
            }
            catch (CrmValidationException error)
            {
                throw new CrmValidationException($"Phones.{i}", error.Reason, error.Limit);
            }
        }

        return phones;
    }
}
