using Portal.Domain.Common;

namespace Portal.Tests.Domain;

public class ErrorCodesTests
{
    [Fact]
    public void All_CodesAreUniqueAndDotted()
    {
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ErrorCodes.All, code => Assert.Matches("^[a-z]+\\.[a-z_]+$", code));
    }

    [Fact]
    public void All_ContainsTheSeedErrors()
    {
        Assert.Contains("rights.insufficient", ErrorCodes.All);
        Assert.Contains("scenario.not_found_or_disabled", ErrorCodes.All);
    }
}
