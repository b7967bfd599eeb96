using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Messaging;

public class RecipientsTests
{
    /// <summary>A card with a work number, two mobiles (one written twice in other forms) and a mailing number.</summary>
    private static readonly PhoneNumber[] Card =
    [
        new("8 (495) 123-45-67", PhoneType.Work),
        new("+7 999 111-22-33", PhoneType.Mobile),
        new("8 999 444 55 66", PhoneType.Mobile),
        new("+7 (812) 000-00-01", PhoneType.Mailing),
    ];

    /// <summary>How {{Contact.Phone}} renders <see cref="Card"/>: the numbers as typed, comma-separated.</summary>
    private static readonly string Rendered = string.Join(", ", Card.Select(p => p.Number));

    [Theory]
    [InlineData(WhichNumbers.First, new[] { "+74951234567" })]
    [InlineData(null, new[] { "+74951234567" })]
    [InlineData("", new[] { "+74951234567" })]
    [InlineData(WhichNumbers.FirstMobile, new[] { "+79991112233" })]
    [InlineData(WhichNumbers.All, new[] { "+74951234567", "+79991112233", "+79994445566", "+78120000001" })]
    public void Choose_TheRecordsTypedPhones_PicksByTheChoice(string? which, string[] expected)
    {
        var recipients = Recipients.Choose(Rendered, which, "RU", Card);

        Assert.Null(recipients.Error);
        Assert.Equal(expected, recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_MatchesTheRecordsPhoneWrittenInAnotherForm()
    {
        var recipients = Recipients.Choose("+7 495 123 45 67; 79994445566", WhichNumbers.FirstMobile, "RU", Card);

        Assert.Equal(["+79994445566"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_IgnoresAnInvalidNumberThatIsNotTheMobile()
    {
        PhoneNumber[] card = [new("12-34-56", PhoneType.Work), new("+7 999 111-22-33", PhoneType.Mobile)];

        var recipients = Recipients.Choose("12-34-56, +7 999 111-22-33", WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal(["+79991112233"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_AnInvalidMobileOfTheRecord_IsInvalid()
    {
        PhoneNumber[] card = [new("8 (495) 123-45-67", PhoneType.Work), new("8 (999) 12-34", PhoneType.Mobile)];

        var recipients = Recipients.Choose("8 (495) 123-45-67, 8 (999) 12-34", WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal(new Recipients([], ErrorCodes.PhoneInvalid, "8 (999) 12-34"), recipients with { Numbers = [] });
        Assert.Empty(recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_RecordNumbersWithoutAMobile_IsNoMobile_ListingThemWithTheirTypes()
    {
        PhoneNumber[] card = [new("8 (495) 123-45-67", PhoneType.Work), new("+7 (812) 000-00-01", PhoneType.Other)];

        var recipients = Recipients.Choose("8 (495) 123-45-67, +7 (812) 000-00-01", WhichNumbers.FirstMobile, "RU", card);

        Assert.Empty(recipients.Numbers);
        Assert.Equal(ErrorCodes.PhoneNoMobile, recipients.Error);
        Assert.Equal("Work: 8 (495) 123-45-67; Other: 8 (812) 000-00-01", recipients.Detail);
        Assert.Equal([(PhoneType.Work, "8 (495) 123-45-67"), (PhoneType.Other, "8 (812) 000-00-01")], NoMobileDetail.Read(recipients.Detail));
    }

    [Fact]
    public void Choose_FirstMobile_NoMobile_ListsTheRecordsNumbersInTheirDisplayForm_EachOnce_NotTheTypedOnes()
    {
        PhoneNumber[] card = [new("+7 495 123-45-67", PhoneType.Work), new("+7 (812) 000-00-01", PhoneType.Mailing)];

        var recipients = Recipients.Choose("74951234567; +7 495 000 11 22, 8 495 123 45 67, +7 812 000 00 01", WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal(ErrorCodes.PhoneNoMobile, recipients.Error);
        Assert.Equal([(PhoneType.Work, "8 (495) 123-45-67"), (PhoneType.Mailing, "8 (812) 000-00-01")], NoMobileDetail.Read(recipients.Detail));
    }

    [Fact]
    public void Choose_FirstMobile_AMobileAmongWorkAndOtherNumbers_IsChosen()
    {
        PhoneNumber[] card = [new("+7 495 123-45-67", PhoneType.Work), new("8 (812) 000-00-01", PhoneType.Other), new("8 999 000 11 22", PhoneType.Mobile)];

        var recipients = Recipients.Choose(string.Join(", ", card.Select(p => p.Number)), WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal((null, null), (recipients.Error, recipients.Detail));
        Assert.Equal(["+79990001122"], recipients.Numbers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("first_mobile: 8 (495) 123-45-67")]
    [InlineData("Work: 8 (495) 123-45-67; Home: 8 (495) 000-00-00")]
    [InlineData("1: 8 (495) 123-45-67")]
    [InlineData("Work:   ")]
    public void NoMobileDetail_Read_OfAnythingElse_IsEmpty(string? detail) =>
        Assert.Empty(NoMobileDetail.Read(detail));

    [Fact]
    public void Choose_FirstMobile_TypedLandlinesNotOnTheRecord_FallBackToTheFirst()
    {
        var recipients = Recipients.Choose("8 (495) 000-11-22; 8 (812) 000 11 22", WhichNumbers.FirstMobile, "RU", Card);

        Assert.Null(recipients.Error);
        Assert.Equal(["+74950001122"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_TypedNumbersAndNoRecordPhones_FallBackToTheFirst()
    {
        Assert.Equal(["+79990001122"], Recipients.Choose("+7 999 000 11 22", WhichNumbers.FirstMobile, "RU", null).Numbers);
        Assert.Equal(["+79990001122"], Recipients.Choose("+7 999 000 11 22", WhichNumbers.FirstMobile, "RU", []).Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_TypedLandlineBeforeTheRecordsMobile_TakesTheMobile()
    {
        var recipients = Recipients.Choose("8 (495) 000-11-22, 8 999 444 55 66", WhichNumbers.FirstMobile, "RU", Card);

        Assert.Equal(["+79994445566"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_ATypedNumberThePlanSaysIsMobile_IsAMobile()
    {
        var recipients = Recipients.Choose("8 (495) 000-11-22, +7 903 000 11 22, 8 999 444 55 66", WhichNumbers.FirstMobile, "RU", Card);

        Assert.Equal(["+79030001122"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_ANumberTypedWorkThatThePlanSaysIsMobile_IsChosen()
    {
        PhoneNumber[] card = [new("8 (495) 123-45-67", PhoneType.Work), new("+7 903 123-45-67", PhoneType.Work), new("8 999 000 11 22", PhoneType.Mobile)];

        var recipients = Recipients.Choose(string.Join(", ", card.Select(p => p.Number)), WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal((null, null), (recipients.Error, recipients.Detail));
        Assert.Equal(["+79031234567"], recipients.Numbers);
    }

    [Fact]
    public void Choose_FirstMobile_ANumberTypedMobileIsTrusted_EvenWhereThePlanSaysLandline()
    {
        PhoneNumber[] card = [new("8 (812) 000-00-01", PhoneType.Other), new("8 (495) 123-45-67", PhoneType.Mobile)];

        var recipients = Recipients.Choose("8 (812) 000-00-01, 8 (495) 123-45-67", WhichNumbers.FirstMobile, "RU", card);

        Assert.Equal(["+74951234567"], recipients.Numbers);
    }

    [Theory]
    [InlineData("US", "(212) 555-1234")]
    [InlineData("CA", "(416) 555-0123")]
    public void Choose_FirstMobile_WhereThePlanCannotTell_TheRecordsTypeDecides(string region, string number)
    {
        PhoneNumber[] work = [new(number, PhoneType.Work)];
        PhoneNumber[] mobile = [new(number, PhoneType.Mobile)];

        var noMobile = Recipients.Choose(number, WhichNumbers.FirstMobile, region, work);
        var chosen = Recipients.Choose(number, WhichNumbers.FirstMobile, region, mobile);

        Assert.Equal((ErrorCodes.PhoneNoMobile, $"Work: {number}"), (noMobile.Error, noMobile.Detail));
        Assert.Single(chosen.Numbers);
    }

    [Fact]
    public void Choose_All_DuplicatesAfterNormalisation_OnlyOnce()
    {
        var recipients = Recipients.Choose("+7 999 111-22-33, 8 (999) 111-22-33; 79991112233;9991112233, 8 495 123 45 67", WhichNumbers.All, "RU", []);

        Assert.Equal(["+79991112233", "+74951234567"], recipients.Numbers);
    }

    [Fact]
    public void Choose_All_OneInvalidNumber_FailsTheRecordNamingIt()
    {
        var recipients = Recipients.Choose("+7 999 111-22-33, 8 999 111 22 33 доб. 5, +7 999 444 55 66", WhichNumbers.All, "RU", Card);

        Assert.Equal(new Recipients([], ErrorCodes.PhoneInvalid, "8 999 111 22 33 доб. 5"), recipients with { Numbers = [] });
        Assert.Empty(recipients.Numbers);
    }

    [Fact]
    public void Choose_First_OnlyTheFirstIsChecked()
    {
        Assert.Equal(["+79991112233"], Recipients.Choose("+7 999 111-22-33; not a phone", WhichNumbers.First, "RU", []).Numbers);
        Assert.Equal("not a phone", Recipients.Choose("not a phone; +7 999 111-22-33", WhichNumbers.First, "RU", []).Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ; ,")]
    public void Choose_NoNumber_IsMissing(string? value)
    {
        foreach (var which in new[] { WhichNumbers.First, WhichNumbers.FirstMobile, WhichNumbers.All })
        {
            var recipients = Recipients.Choose(value, which, "RU", Card);

            Assert.Empty(recipients.Numbers);
            Assert.Equal(ErrorCodes.PhoneMissing, recipients.Error);
            Assert.Null(recipients.Detail);
        }
    }

    [Theory]
    [InlineData("RU", "+79991234567")]
    [InlineData("KZ", "+79991234567")]
    [InlineData("BY", null)]
    public void Choose_NationalNumbers_AreReadInTheDefaultRegion(string region, string? expected)
    {
        var recipients = Recipients.Choose("8 (999) 123-45-67", WhichNumbers.First, region, []);

        Assert.Equal(expected, recipients.Numbers.SingleOrDefault());
        Assert.Equal(expected is null ? ErrorCodes.PhoneInvalid : null, recipients.Error);
    }

    [Fact]
    public void Choose_SeveralNumbersOfSeveralRegions_UsesEachOnesCallingCode()
    {
        var recipients = Recipients.Choose("+375 29 123 45 67; 0151 23456789; +44 7911 123456", WhichNumbers.All, "DE", []);

        Assert.Equal(["+375291234567", "+4915123456789", "+447911123456"], recipients.Numbers);
    }
}
