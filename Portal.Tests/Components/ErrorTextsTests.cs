using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class ErrorTextsTests : ComponentTestBase
{
    private IStringLocalizer L => Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    [Theory]
    [InlineData("en", 1, "1 work number")]
    [InlineData("en", 2, "2 work numbers")]
    [InlineData("ru", 1, "1 рабочий номер")]
    [InlineData("ru", 2, "2 рабочих номера")]
    [InlineData("ru", 5, "5 рабочих номеров")]
    [InlineData("ru", 11, "11 рабочих номеров")]
    [InlineData("ru", 12, "12 рабочих номеров")]
    [InlineData("ru", 21, "21 рабочий номер")]
    [InlineData("ru", 24, "24 рабочих номера")]
    public void NoMobile_CountsTheNumbersOfAType_InTheLanguagesPlural(string culture, int count, string expected)
    {
        var detail = NoMobileDetail.Write(Enumerable.Range(1, count).Select(i => new PhoneNumber($"+7 903 000-00-{i:00}", PhoneType.Work)), "RU");

        var text = UiCulture.In(culture, () => ErrorTexts.Detail(L, ErrorCodes.PhoneNoMobile, detail));

        Assert.StartsWith($"{expected}: 8 (903) 000-00-01", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoMobile_ReadsAsTheErrorWithTheNumbersByType()
    {
        var detail = NoMobileDetail.Write([
            new PhoneNumber("+7 903 123-45-67", PhoneType.Work), new PhoneNumber("8 (812) 000-00-01", PhoneType.Other), new PhoneNumber("+7 903 765-43-21", PhoneType.Work)], "RU");

        Assert.Equal(
            "The record has no mobile number (2 work numbers, 1 other number: 8 (903) 123-45-67, 8 (903) 765-43-21, 8 (812) 000-00-01)",
            UiCulture.In("en", () => ErrorTexts.Describe(L, ErrorCodes.PhoneNoMobile, detail)));
        Assert.Equal(
            "У записи нет мобильного номера (2 рабочих номера, 1 другой номер: 8 (903) 123-45-67, 8 (903) 765-43-21, 8 (812) 000-00-01)",
            UiCulture.In("ru", () => ErrorTexts.Describe(L, ErrorCodes.PhoneNoMobile, detail)));
    }

    [Fact]
    public void OtherErrors_ReadAsBefore_AndANumberAloneStaysNoPhone()
    {
        Assert.Equal("The record has no phone number", UiCulture.In("en", () => ErrorTexts.Describe(L, ErrorCodes.PhoneMissing, null)));
        Assert.Equal("The phone number is invalid: 12345", UiCulture.In("en", () => ErrorTexts.Describe(L, ErrorCodes.PhoneInvalid, "12345")));
        Assert.Equal("Work: 12345", ErrorTexts.Detail(L, ErrorCodes.PhoneInvalid, "Work: 12345"));
        Assert.Equal("first_mobile: 8 (495) 222-00-03", ErrorTexts.Detail(L, ErrorCodes.PhoneNoMobile, "first_mobile: 8 (495) 222-00-03"));
    }
}
