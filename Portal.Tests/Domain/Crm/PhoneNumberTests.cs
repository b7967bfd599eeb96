using Portal.Domain.Crm;
using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Crm;

public class PhoneNumberTests
{
    /// <summary>A 40-character number with 11 digits: long only because of its separators.</summary>
    private static readonly string AtMaxLength = "+7 999 123-45-67".PadRight(PhoneNumber.MaxLength, '-');

    public static TheoryData<string, string> UsualFormats => new()
    {
        { "+7 999 123-45-67", "79991234567" },
        { "8 (999) 123 45 67", "89991234567" },
        { "79991234567", "79991234567" },
        { "+1 (415) 555-0100", "14155550100" },
        { "+7\u00A0999\u00A0123\u00A045\u00A067", "79991234567" },
        { "999.123.4567", "9991234567" },
        { "12345", "12345" },
        { "+123 456 789 012 345", "123456789012345" },
        { AtMaxLength, "79991234567" },
    };

    [Theory]
    [MemberData(nameof(UsualFormats))]
    public void Constructor_UsualFormat_KeepsTheTextAndOnlyTheDigitsInDigits(string number, string digits)
    {
        var phone = new PhoneNumber(number, PhoneType.Work);

        Assert.Equal(number, phone.Number);
        Assert.Equal(digits, phone.Digits);
        Assert.Equal(PhoneType.Work, phone.Type);
    }

    [Fact]
    public void Constructor_SurroundingSpaces_Trimmed() =>
        Assert.Equal("+7 999 123-45-67", new PhoneNumber(" \u00A0+7 999 123-45-67\t ", PhoneType.Mobile).Number);

    public static TheoryData<string, string> Refusals => new()
    {
        { "+7 999 ABC", CrmValidation.Invalid },
        { "+7 999 123-45-67 ext. 5", CrmValidation.Invalid },
        { "7+999 123 45 67", CrmValidation.Invalid },
        { "++7 999 123 45 67", CrmValidation.Invalid },
        { "+7\t999 123 45 67", CrmValidation.Invalid },
        { "\u0667\u0669\u0669\u0669\u0661\u0662\u0663\u0664\u0665\u0666\u0667", CrmValidation.Invalid },
        { "1234", CrmValidation.Invalid },
        { "1234567890123456", CrmValidation.Invalid },
        { "+", CrmValidation.Invalid },
        { "(-)", CrmValidation.Invalid },
        { string.Empty, CrmValidation.Required },
        { "   ", CrmValidation.Required },
        { AtMaxLength + "8", CrmValidation.TooLong },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Constructor_NotAPhoneNumber_Refused(string number, string reason) =>
        Refused.Because(nameof(PhoneNumber.Number), reason, () => new PhoneNumber(number, PhoneType.Mobile));

    [Fact]
    public void Constructor_Null_Required() =>
        Refused.Because(nameof(PhoneNumber.Number), CrmValidation.Required, () => new PhoneNumber(null!, PhoneType.Mobile));

    [Fact]
    public void Equals_SameTextAndType_EqualOtherwiseNot()
    {
        var phone = new PhoneNumber("+7 999 123-45-67", PhoneType.Mobile);

        Assert.Equal(phone, new PhoneNumber(" +7 999 123-45-67 ", PhoneType.Mobile));
        Assert.NotEqual(phone, new PhoneNumber("+7 999 123-45-67", PhoneType.Work));
        Assert.NotEqual(phone, new PhoneNumber("+7 999 123-45-68", PhoneType.Mobile));
    }

    [Theory]
    [InlineData("89031234567", "RU", "8 (903) 123-45-67")]
    [InlineData("+7 903 123 45 67", "RU", "8 (903) 123-45-67")]
    [InlineData("+44 20 7946 0958", "RU", "+44 20 7946 0958")]
    [InlineData("030 12345678", "DE", "030 12345678")]
    [InlineData("06 12 34 56 78", "FR", "06 12 34 56 78")]
    public void Entered_AValidNumber_IsKeptInItsDisplayForm(string number, string region, string expected)
    {
        var phone = PhoneNumber.Entered(number, PhoneType.Work, region);

        Assert.Equal(new PhoneNumber(expected, PhoneType.Work), phone);
    }

    [Theory]
    [InlineData("0000000000", PhoneFailure.NotInNumberingPlan)]
    [InlineData("8 (123) 456-78-90", PhoneFailure.NotInNumberingPlan)]
    [InlineData("12345", PhoneFailure.TooShort)]
    [InlineData("+7 999 123 45 678", PhoneFailure.InvalidLength)]
    [InlineData("+999 123 456 789", PhoneFailure.InvalidCountryCode)]
    [InlineData("+44 20 7946 09581", PhoneFailure.TooLong)]
    public void Entered_ANumberThePlanDoesNotHave_IsRefusedSayingWhy(string number, PhoneFailure failure) =>
        Refused.Because(nameof(PhoneNumber.Number), CrmValidation.PhoneRefused(failure), () => PhoneNumber.Entered(number, PhoneType.Mobile, "RU"));

    [Fact]
    public void Entered_WhatTheConstructorRefuses_IsRefusedAsBefore() =>
        Refused.Because(nameof(PhoneNumber.Number), CrmValidation.Invalid, () => PhoneNumber.Entered("+7 999 123 45 67 доб. 1", PhoneType.Mobile, "RU"));

    [Theory]
    [InlineData("+7 (999) 123-45-67", "79991234567")]
    [InlineData("no digits", "")]
    [InlineData(null, "")]
    public void DigitsOf_AnyText_OnlyItsAsciiDigits(string? text, string expected) =>
        Assert.Equal(expected, PhoneNumber.DigitsOf(text!));
}
