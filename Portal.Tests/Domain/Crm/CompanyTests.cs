using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class CompanyTests
{
    [Fact]
    public void Create_NameAndIndustry_Trimmed()
    {
        var company = A.Company(" Acme ", " Retail ");

        Assert.Equal("Acme", company.Name);
        Assert.Equal("Retail", company.Industry);
        Assert.Equal(CrmEntityType.Company, company.EntityType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Create_NoIndustry_Null(string? industry) =>
        Assert.Null(A.Company("Acme", industry).Industry);

    [Fact]
    public void Create_NameAtMaxLength_Accepted()
    {
        var name = A.Text(Company.NameMaxLength);

        Assert.Equal(name, A.Company(name).Name);
    }

    /// <summary>Each row has one bad value; the other differs from the company's, so a half-applied rename shows.</summary>
    public static TheoryData<string, string?, string, string> InvalidValues => new()
    {
        { " ", "Wholesale", nameof(Company.Name), CrmValidation.Required },
        { A.Text(Company.NameMaxLength + 1), "Wholesale", nameof(Company.Name), CrmValidation.TooLong },
        { "Acme Group", A.Text(Company.IndustryMaxLength + 1), nameof(Company.Industry), CrmValidation.TooLong },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Create_InvalidValue_Refused(string name, string? industry, string field, string reason) =>
        Refused.Because(field, reason, () => A.Company(name, industry));

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Rename_InvalidValue_RefusedAndCompanyUnchanged(string name, string? industry, string field, string reason)
    {
        var company = A.Company("Acme", "Retail");

        Refused.Because(field, reason, () => company.Rename(name, industry, A.Editor, A.Later));

        Assert.Equal(("Acme", "Retail", A.CreatedAt), (company.Name, company.Industry, company.ModifiedAt));
    }

    [Fact]
    public void Rename_ValidValues_Changed()
    {
        var company = A.Company("Acme", "Retail");

        company.Rename("Acme Group", null, A.Editor, A.Later);

        Assert.Equal(("Acme Group", (string?)null), (company.Name, company.Industry));
    }
}
