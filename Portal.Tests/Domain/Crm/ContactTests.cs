using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class ContactTests
{
    [Fact]
    public void Create_Names_TrimmedAndJoinedInFullName()
    {
        var contact = A.Contact(" Anna ", "  Petrova ");

        Assert.Equal("Anna", contact.FirstName);
        Assert.Equal("Petrova", contact.LastName);
        Assert.Equal("Anna Petrova", contact.FullName);
        Assert.Equal(CrmEntityType.Contact, contact.EntityType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_NoLastName_FullNameIsTheFirstName(string? lastName)
    {
        var contact = A.Contact("Anna", lastName);

        Assert.Null(contact.LastName);
        Assert.Equal("Anna", contact.FullName);
    }

    [Fact]
    public void Create_NamesAtMaxLength_Accepted()
    {
        var name = A.Text(Contact.NameMaxLength);

        var contact = A.Contact(name, name);

        Assert.Equal(name, contact.FirstName);
        Assert.Equal(name, contact.LastName);
    }

    /// <summary>Each row has one bad value; the other differs from the contact's, so a half-applied rename shows.</summary>
    public static TheoryData<string, string?, string, string> InvalidNames => new()
    {
        { string.Empty, "Ivanova", nameof(Contact.FirstName), CrmValidation.Required },
        { "  ", null, nameof(Contact.FirstName), CrmValidation.Required },
        { A.Text(Contact.NameMaxLength + 1), null, nameof(Contact.FirstName), CrmValidation.TooLong },
        { "Maria", A.Text(Contact.NameMaxLength + 1), nameof(Contact.LastName), CrmValidation.TooLong },
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Create_InvalidName_Refused(string firstName, string? lastName, string field, string reason) =>
        Refused.Because(field, reason, () => A.Contact(firstName, lastName));

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Rename_InvalidName_RefusedAndContactUnchanged(string firstName, string? lastName, string field, string reason)
    {
        var contact = A.Contact("Anna", "Petrova");

        Refused.Because(field, reason, () => contact.Rename(firstName, lastName, A.Editor, A.Later));

        Assert.Equal(("Anna", "Petrova", A.CreatedAt), (contact.FirstName, contact.LastName, contact.ModifiedAt));
    }

    [Fact]
    public void Rename_ValidNames_Changed()
    {
        var contact = A.Contact("Anna", "Petrova");

        contact.Rename("Maria", null, A.Editor, A.Later);

        Assert.Equal("Maria", contact.FullName);
        Assert.Null(contact.LastName);
    }
}
