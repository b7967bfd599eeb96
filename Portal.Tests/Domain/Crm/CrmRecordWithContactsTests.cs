using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class CrmRecordWithContactsTests
{
    public static TheoryData<CrmEntityType> TypesWithContacts => [CrmEntityType.Lead, CrmEntityType.Contact, CrmEntityType.Company];

    [Theory]
    [MemberData(nameof(TypesWithContacts))]
    public void ReplacePhonesAndEmails_AnyRecordWithContacts_ReplaceTheEarlierOnes(CrmEntityType type)
    {
        var record = (CrmRecordWithContacts)A.Record(type);
        record.ReplacePhones([A.Phone(1), A.Phone(2)], A.Creator, A.CreatedAt);
        record.ReplaceEmails(["old@example.com"], A.Creator, A.CreatedAt);

        record.ReplacePhones([A.Phone(3)], A.Editor, A.Later);
        record.ReplaceEmails(["new@example.com"], A.Editor, A.Later);

        Assert.Equal([A.Phone(3)], record.Phones);
        Assert.Equal(["new@example.com"], record.Emails);
    }

    [Fact]
    public void ReplacePhones_Duplicates_KeptOnceInTheirFirstPlace()
    {
        var contact = A.Contact();
        var sameAsFirstWithSpaces = new PhoneNumber($"  {A.Phone(1).Number} ", PhoneType.Mobile);

        contact.ReplacePhones([A.Phone(2), A.Phone(1), A.Phone(2), sameAsFirstWithSpaces], A.Editor, A.Later);

        Assert.Equal([A.Phone(2), A.Phone(1)], contact.Phones);
    }

    [Fact]
    public void ReplacePhones_MaxPhonesAfterDuplicatesRemoved_Accepted()
    {
        var contact = A.Contact();
        var phones = Enumerable.Range(1, CrmRecordWithContacts.MaxPhones).Select(n => A.Phone(n)).ToList();

        contact.ReplacePhones([.. phones, .. phones], A.Editor, A.Later);

        Assert.Equal(phones, contact.Phones);
    }

    [Fact]
    public void ReplacePhones_MoreThanMaxPhones_RefusedAndPhonesUnchanged()
    {
        var contact = A.Contact();
        contact.ReplacePhones([A.Phone(1)], A.Creator, A.CreatedAt);
        var tooMany = Enumerable.Range(1, CrmRecordWithContacts.MaxPhones + 1).Select(n => A.Phone(n));

        var error = Refused.Because(nameof(Contact.Phones), CrmValidation.TooLong, () => contact.ReplacePhones(tooMany, A.Editor, A.Later));

        Assert.Equal(CrmRecordWithContacts.MaxPhones, error.Limit);
        Assert.Equal([A.Phone(1)], contact.Phones);
        Assert.Equal(A.CreatedAt, contact.ModifiedAt);
    }

    [Fact]
    public void ReplacePhones_Nothing_ClearsThem()
    {
        var contact = A.Contact();
        contact.ReplacePhones([A.Phone(1)], A.Creator, A.CreatedAt);

        contact.ReplacePhones([], A.Editor, A.Later);

        Assert.Empty(contact.Phones);
    }

    public static TheoryData<string> MalformedEmails =>
    [
        "a@",
        "@b.c",
        "a b@c.d",
        "a@b",
        "a@@b.c",
        "a@b@c.d",
        "a@.b.c",
        "a@b.c.",
        "anna.example.com",
        "Anna <anna@example.com>",
    ];

    [Theory]
    [MemberData(nameof(MalformedEmails))]
    public void ReplaceEmails_Malformed_RefusedAndEmailsUnchanged(string email)
    {
        var contact = A.Contact();
        contact.ReplaceEmails(["anna@example.com"], A.Creator, A.CreatedAt);

        Refused.Because(nameof(EmailAddress), CrmValidation.Invalid, () => contact.ReplaceEmails(["olga@example.com", email], A.Editor, A.Later));

        Assert.Equal(["anna@example.com"], contact.Emails);
        Assert.Equal(A.CreatedAt, contact.ModifiedAt);
    }

    [Theory]
    [InlineData("a@b.c")]
    [InlineData("anna.petrova+crm@mail.example.ru")]
    [InlineData("o'brien@example.ie")]
    [InlineData("first_last-1@sub.domain-name.com")]
    public void ReplaceEmails_WellFormed_Accepted(string email)
    {
        var contact = A.Contact();

        contact.ReplaceEmails([email], A.Editor, A.Later);

        Assert.Equal([email], contact.Emails);
    }

    [Fact]
    public void ReplaceEmails_CaseInsensitiveDuplicates_FirstSpellingKept()
    {
        var contact = A.Contact();

        contact.ReplaceEmails(["Anna@Example.com", "olga@example.com", "anna@example.com", " ANNA@EXAMPLE.COM "], A.Editor, A.Later);

        Assert.Equal(["Anna@Example.com", "olga@example.com"], contact.Emails);
    }

    [Fact]
    public void ReplaceEmails_BlanksAndSpaces_BlanksIgnoredAddressesTrimmed()
    {
        var contact = A.Contact();

        contact.ReplaceEmails([string.Empty, "  anna@example.com ", "   ", "\t"], A.Editor, A.Later);

        Assert.Equal(["anna@example.com"], contact.Emails);
    }

    [Fact]
    public void ReplaceEmails_OnlyBlanks_ClearsThem()
    {
        var contact = A.Contact();
        contact.ReplaceEmails(["anna@example.com"], A.Creator, A.CreatedAt);

        contact.ReplaceEmails(["", " "], A.Editor, A.Later);

        Assert.Empty(contact.Emails);
    }

    [Fact]
    public void ReplaceEmails_MaxEmails_AcceptedOneMoreRefused()
    {
        var contact = A.Contact();
        var emails = Enumerable.Range(1, CrmRecordWithContacts.MaxEmails + 1).Select(n => $"user{n}@example.com").ToList();

        contact.ReplaceEmails(emails.Take(CrmRecordWithContacts.MaxEmails), A.Editor, A.Later);
        var error = Refused.Because(nameof(Contact.Emails), CrmValidation.TooLong, () => contact.ReplaceEmails(emails, A.Editor, A.Later));

        Assert.Equal(CrmRecordWithContacts.MaxEmails, error.Limit);
        Assert.Equal(emails.Take(CrmRecordWithContacts.MaxEmails), contact.Emails);
    }

    [Fact]
    public void ReplaceEmails_AddressLongerThanMaxLength_Refused()
    {
        var contact = A.Contact();
        var tooLong = $"{A.Text(64)}@{A.Text(EmailAddress.MaxLength - 64 - 4)}.com";

        Refused.Because(nameof(EmailAddress), CrmValidation.TooLong, () => contact.ReplaceEmails([tooLong], A.Editor, A.Later));
    }
}
