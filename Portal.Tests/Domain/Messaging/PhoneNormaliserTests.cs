using Portal.Domain.Messaging;

namespace Portal.Tests.Domain.Messaging;

public class PhoneNormaliserTests
{
    /// <summary>Numbers as people write them in each region, read in that region: (input, default region, E.164).</summary>
    public static TheoryData<string, string, string> RealWorldFormats => new()
    {
        // Russia
        { "+7 999 123-45-67", "RU", "+79991234567" },
        { "8 (999) 123-45-67", "RU", "+79991234567" },
        { "89991234567", "RU", "+79991234567" },
        { "79991234567", "RU", "+79991234567" },
        { "9991234567", "RU", "+79991234567" },
        { "8-999-123-45-67", "RU", "+79991234567" },
        { "(999) 123-45-67", "RU", "+79991234567" },
        { "+7\u00A0999\u00A0123\u00A045\u00A067", "RU", "+79991234567" },
        { "+7 (495) 123-45-67", "RU", "+74951234567" },
        { "8 (495) 123 45 67", "RU", "+74951234567" },
        { "8 800 555 35 35", "RU", "+78005553535" },
        { "8 (812) 123-45-67", "RU", "+78121234567" },
        { "810 49 30 1234567", "RU", "+49301234567" },
        { "00 49 30 1234567", "RU", "+49301234567" },
        { "8 727 123 45 67", "RU", "+77271234567" }, // Kazakhstan shares +7 and the trunk 8

        // Kazakhstan
        { "+7 701 123 45 67", "KZ", "+77011234567" },
        { "8 (701) 123-45-67", "KZ", "+77011234567" },
        { "87011234567", "KZ", "+77011234567" },
        { "77011234567", "KZ", "+77011234567" },
        { "7011234567", "KZ", "+77011234567" },
        { "8 (727) 258-12-34", "KZ", "+77272581234" },
        { "8 999 123 45 67", "KZ", "+79991234567" },

        // Belarus
        { "+375 29 123-45-67", "BY", "+375291234567" },
        { "+375 (29) 123-45-67", "BY", "+375291234567" },
        { "8 (029) 123-45-67", "BY", "+375291234567" },
        { "80291234567", "BY", "+375291234567" },
        { "8 017 123-45-67", "BY", "+375171234567" },
        { "029 123 45 67", "BY", "+375291234567" },
        { "375291234567", "BY", "+375291234567" },
        { "8 10 7 999 123 45 67", "BY", "+79991234567" },

        // Ukraine
        { "+380 50 123 4567", "UA", "+380501234567" },
        { "050 123 45 67", "UA", "+380501234567" },
        { "(044) 123-45-67", "UA", "+380441234567" },
        { "0441234567", "UA", "+380441234567" },
        { "380501234567", "UA", "+380501234567" },
        { "00 7 999 123 45 67", "UA", "+79991234567" },

        // Germany
        { "+49 30 12345678", "DE", "+493012345678" },
        { "030 12345678", "DE", "+493012345678" },
        { "030/1234567", "DE", "+49301234567" },
        { "089 1234567", "DE", "+49891234567" },
        { "0151 23456789", "DE", "+4915123456789" },
        { "+49 (0)151 23456789", "DE", "+4915123456789" },
        { "+49 (0) 30 1234567", "DE", "+49301234567" },
        { "0049 89 1234567", "DE", "+49891234567" },
        { "491511234567", "DE", "+491511234567" },

        // United States and Canada
        { "+1 (212) 555-1234", "US", "+12125551234" },
        { "(212) 555-1234", "US", "+12125551234" },
        { "212-555-1234", "US", "+12125551234" },
        { "212.555.1234", "US", "+12125551234" },
        { "1 212 555 1234", "US", "+12125551234" },
        { "1-800-555-0199", "US", "+18005550199" },
        { "011 44 20 7946 0958", "US", "+442079460958" },
        { "+1 416 555 0123", "CA", "+14165550123" },
        { "(416) 555-0123", "CA", "+14165550123" },

        // United Kingdom
        { "+44 20 7946 0958", "GB", "+442079460958" },
        { "020 7946 0958", "GB", "+442079460958" },
        { "+44 (0)20 7946 0958", "GB", "+442079460958" },
        { "07700 900123", "GB", "+447700900123" },
        { "+44 7700 900123", "UK", "+447700900123" },
        { "0044 7700 900123", "UK", "+447700900123" },
        { "01632 960123", "GB", "+441632960123" },
        { "016977 3456", "GB", "+44169773456" }, // one of the 9-digit areas

        // Calling codes outside the table: E.164 lengths only
        { "+33 1 23 45 67 89", "RU", "+33123456789" },
        { "+90 532 123 45 67", "RU", "+905321234567" },
        { "+86 138 0013 8000", "RU", "+8613800138000" },
        { "+998 90 123 45 67", "KZ", "+998901234567" },
        { "00 33 1 23 45 67 89", "DE", "+33123456789" },
        { "810 998 90 123 45 67", "RU", "+998901234567" },
    };

    [Theory]
    [MemberData(nameof(RealWorldFormats))]
    public void Normalise_RealWorldFormat_GivesE164(string input, string region, string expected)
    {
        var result = PhoneNormaliser.Normalise(input, region);

        Assert.Equal(NormalisedPhone.Valid(expected), result);
        Assert.True(result.IsValid);
    }

    public static TheoryData<string> AllRegions => new(PhoneNormaliser.Regions.Keys.Append("UK"));

    [Theory]
    [MemberData(nameof(AllRegions))]
    public void Normalise_InternationalNumber_IsTheSameInEveryDefaultRegion(string region)
    {
        Assert.Equal("+79991234567", PhoneNormaliser.Normalise("+7 999 123-45-67", region).E164);
        Assert.Equal("+375291234567", PhoneNormaliser.Normalise("+375 29 123 45 67", region).E164);
        Assert.Equal("+380501234567", PhoneNormaliser.Normalise("+380 50 123 45 67", region).E164);
        Assert.Equal("+493012345678", PhoneNormaliser.Normalise("+49 30 12345678", region).E164);
        Assert.Equal("+12125551234", PhoneNormaliser.Normalise("+1 212 555 1234", region).E164);
        Assert.Equal("+442079460958", PhoneNormaliser.Normalise("+44 20 7946 0958", region).E164);
    }

    /// <summary>The same national text means a different number in each region, or none.</summary>
    public static TheoryData<string, string, string?> OneTextManyRegions => new()
    {
        { "8 029 123 45 67", "BY", "+375291234567" },
        { "8 029 123 45 67", "RU", null },
        { "050 123 45 67", "UA", "+380501234567" },
        { "050 123 45 67", "RU", null },
        { "030 12345678", "DE", "+493012345678" },
        { "030 12345678", "UA", null },
        { "(212) 555-1234", "US", "+12125551234" },
        { "(212) 555-1234", "RU", null },
        { "9994561234", "RU", "+79994561234" },
        { "9994561234", "KZ", "+79994561234" },
        { "9994561234", "US", "+19994561234" },
        { "9991234567", "US", null }, // exchange code 123 cannot start with 1
    };

    [Theory]
    [MemberData(nameof(OneTextManyRegions))]
    public void Normalise_NationalNumber_IsReadInTheDefaultRegion(string input, string region, string? expected)
    {
        Assert.Equal(expected, PhoneNormaliser.Normalise(input, region).E164);
    }

    public static TheoryData<string?, string, PhoneFailure> InvalidInputs => new()
    {
        // Empty
        { null, "RU", PhoneFailure.Empty },
        { string.Empty, "RU", PhoneFailure.Empty },
        { "   ", "RU", PhoneFailure.Empty },
        { "-", "RU", PhoneFailure.Empty },
        { "+", "RU", PhoneFailure.Empty },
        { "( )", "DE", PhoneFailure.Empty },

        // Letters, extensions and other signs
        { "abc", "RU", PhoneFailure.InvalidCharacters },
        { "+7 999 123-45-67 ext. 12", "RU", PhoneFailure.InvalidCharacters },
        { "8 999 123 45 67 доб. 123", "RU", PhoneFailure.InvalidCharacters },
        { "tel:+79991234567", "RU", PhoneFailure.InvalidCharacters },
        { "+7 999 123 45 67 #12", "RU", PhoneFailure.InvalidCharacters },
        { "++79991234567", "RU", PhoneFailure.InvalidCharacters },
        { "+7 999 +123 45 67", "RU", PhoneFailure.InvalidCharacters },
        { "8 999 I23 45 67", "RU", PhoneFailure.InvalidCharacters },
        { "1-800-FLOWERS", "US", PhoneFailure.InvalidCharacters },

        // Too short
        { "12-34", "RU", PhoneFailure.TooShort },
        { "12345", "RU", PhoneFailure.TooShort },
        { "8 999 123 45", "RU", PhoneFailure.TooShort },
        { "+7 999 123 45 6", "RU", PhoneFailure.TooShort },
        { "+375 29 123 45", "BY", PhoneFailure.TooShort },
        { "+49 30 123", "DE", PhoneFailure.TooShort },
        { "555-1234", "US", PhoneFailure.TooShort },
        { "+1234567", "US", PhoneFailure.TooShort },
        { "+33 1234", "RU", PhoneFailure.TooShort },

        // Too long
        { "+7 999 123 45 678", "RU", PhoneFailure.TooLong },
        { "8 999 123 45 678", "RU", PhoneFailure.TooLong },
        { "+380 50 123 45 678", "UA", PhoneFailure.TooLong },
        { "+49 151 234567890", "DE", PhoneFailure.TooLong },
        { "+44 20 7946 09581", "GB", PhoneFailure.TooLong },
        { "+1 212 555 12345", "US", PhoneFailure.TooLong },
        { "+33 1234 5678 9012 345", "RU", PhoneFailure.TooLong },

        // Wrong trunk usage
        { "+7 8 999 123 45 67", "RU", PhoneFailure.NotInNumberingPlan },
        { "+380 050 123 45 67", "UA", PhoneFailure.NotInNumberingPlan },
        { "+44 020 7946 0958", "GB", PhoneFailure.NotInNumberingPlan },
        { "+375 8 029 123 45 67", "BY", PhoneFailure.NotInNumberingPlan },
        { "0 999 123 45 67", "RU", PhoneFailure.NotInNumberingPlan },
        { "8 050 123 45 67", "UA", PhoneFailure.NotInNumberingPlan },
        { "8 029 123 45 67", "RU", PhoneFailure.NotInNumberingPlan },

        // Leading digits no region of the calling code uses
        { "8 (123) 456-78-90", "RU", PhoneFailure.NotInNumberingPlan },
        { "+7 123 456 78 90", "KZ", PhoneFailure.NotInNumberingPlan },
        { "(012) 555-1234", "US", PhoneFailure.NotInNumberingPlan },
        { "(212) 155-1234", "US", PhoneFailure.NotInNumberingPlan },
        { "+375 59 123 45 67", "BY", PhoneFailure.NotInNumberingPlan },
        { "+380 20 123 45 67", "UA", PhoneFailure.NotInNumberingPlan },
        { "+0 123 456 789", "RU", PhoneFailure.NotInNumberingPlan },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Normalise_InvalidInput_SaysWhy(string? input, string region, PhoneFailure failure)
    {
        var result = PhoneNormaliser.Normalise(input, region);

        Assert.Equal(NormalisedPhone.Invalid(failure), result);
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("RU", true)]
    [InlineData("ru", true)]
    [InlineData("UK", true)]
    [InlineData("GB", true)]
    [InlineData("CA", true)]
    [InlineData("FR", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnownRegion_TheTableAndUkForGb(string? region, bool known)
    {
        Assert.Equal(known, PhoneNormaliser.IsKnownRegion(region));
    }

    [Fact]
    public void Normalise_UnknownDefaultRegion_Throws()
    {
        Assert.Throws<ArgumentException>(() => PhoneNormaliser.Normalise("+79991234567", "FR"));
    }

    [Fact]
    public void Regions_HoldTheCallingCodesAndTrunkPrefixesOfTheIssue()
    {
        Assert.Equal(
            [("BY", "375", "80"), ("CA", "1", "1"), ("DE", "49", "0"), ("GB", "44", "0"), ("KZ", "7", "8"), ("RU", "7", "8"), ("UA", "380", "0"), ("US", "1", "1")],
            PhoneNormaliser.Regions.Values.OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => (r.Code, r.CallingCode, r.TrunkPrefixes[0])).ToList());
    }
}
