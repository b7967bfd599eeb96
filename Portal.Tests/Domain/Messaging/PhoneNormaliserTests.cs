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
        { "8 727 258 45 67", "RU", "+77272584567" }, // Kazakhstan shares +7 and the trunk 8

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
        { "07911 123456", "GB", "+447911123456" },
        { "+44 7911 123456", "UK", "+447911123456" },
        { "0044 7911 123456", "UK", "+447911123456" },
        { "016977 3456", "GB", "+44169773456" }, // one of the 9-digit areas

        // France
        { "01 23 45 67 89", "FR", "+33123456789" },
        { "06 12 34 56 78", "FR", "+33612345678" },
        { "+33 (0)6 12 34 56 78", "FR", "+33612345678" },

        // India
        { "098765 43210", "IN", "+919876543210" },
        { "98765 43210", "IN", "+919876543210" },
        { "011 2345 6789", "IN", "+911123456789" },

        // Brazil
        { "(11) 91234-5678", "BR", "+5511912345678" },
        { "(11) 3123-4567", "BR", "+551131234567" },
        { "+55 21 98765-4321", "BR", "+5521987654321" },

        // China
        { "138 0013 8000", "CN", "+8613800138000" },
        { "010 6552 9988", "CN", "+861065529988" },

        // United Arab Emirates
        { "050 123 4567", "AE", "+971501234567" },
        { "04 234 5678", "AE", "+97142345678" },

        // Turkey
        { "0532 123 45 67", "TR", "+905321234567" },
        { "(0212) 123 45 67", "TR", "+902121234567" },

        // Any calling code, written from any default region
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

        Assert.Equal(expected, result.E164);
        Assert.Null(result.Failure);
        Assert.True(result.IsValid);
    }

    public static TheoryData<string> AllRegions => new(PhoneNormaliser.Regions.Append("UK").Append("ru"));

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
        { "9994561234", "US", null }, // area code 999 is not assigned
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

        // Too few digits
        { "12-34", "RU", PhoneFailure.TooShort },
        { "12345", "RU", PhoneFailure.TooShort },
        { "8 999 123 45", "RU", PhoneFailure.TooShort },
        { "+7 999 123 45 6", "RU", PhoneFailure.TooShort },
        { "+33 1234", "RU", PhoneFailure.TooShort },
        { "06 12 34", "FR", PhoneFailure.TooShort },

        // Too many digits
        { "+44 20 7946 09581", "GB", PhoneFailure.TooLong },
        { "+33 1234 5678 9012 345", "RU", PhoneFailure.TooLong },
        { "1234567890123456789", "RU", PhoneFailure.TooLong },
        { "+1 212 555 12345", "US", PhoneFailure.TooLong },

        // A length between the country's shortest and longest that no number has
        { "+7 999 123 45 678", "RU", PhoneFailure.InvalidLength },
        { "8 999 123 45 678", "RU", PhoneFailure.InvalidLength },

        // No such calling code
        { "+0 123 456 789", "RU", PhoneFailure.InvalidCountryCode },
        { "+999 123 456 789", "DE", PhoneFailure.InvalidCountryCode },

        // The right length, in no range the plan assigns
        { "0000000000", "RU", PhoneFailure.NotInNumberingPlan },
        { "0000000000", "US", PhoneFailure.NotInNumberingPlan },
        { "0000000000", "GB", PhoneFailure.NotInNumberingPlan },
        { "8 (123) 456-78-90", "RU", PhoneFailure.NotInNumberingPlan },
        { "+7 123 456 78 90", "KZ", PhoneFailure.NotInNumberingPlan },
        { "(212) 155-1234", "US", PhoneFailure.NotInNumberingPlan },
        { "8 029 123 45 67", "RU", PhoneFailure.NotInNumberingPlan },
        { "+375 29 123 45", "BY", PhoneFailure.NotInNumberingPlan }, // a length Minsk numbers have, not mobiles
        { "8 727 123 45 67", "RU", PhoneFailure.NotInNumberingPlan }, // +7 727 is Almaty, whose numbers go on 7272…
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Normalise_InvalidInput_SaysWhy(string? input, string region, PhoneFailure failure)
    {
        var result = PhoneNormaliser.Normalise(input, region);

        Assert.Equal(NormalisedPhone.Invalid(failure), result);
        Assert.False(result.IsValid);
    }


    /// <summary>What the numbering plan says a valid number is: (input, default region, kind).</summary>
    public static TheoryData<string, string, PhoneKind> Kinds => new()
    {
        { "+7 495 123-45-67", "RU", PhoneKind.FixedLine }, // Moscow landline
        { "+7 903 123-45-67", "RU", PhoneKind.Mobile },
        { "030 12345678", "DE", PhoneKind.FixedLine }, // Berlin
        { "0151 23456789", "DE", PhoneKind.Mobile },
        { "020 7946 0958", "GB", PhoneKind.FixedLine }, // London
        { "07911 123456", "GB", PhoneKind.Mobile },
        { "01 23 45 67 89", "FR", PhoneKind.FixedLine },
        { "06 12 34 56 78", "FR", PhoneKind.Mobile },
        { "8 017 123 45 67", "BY", PhoneKind.FixedLine },
        { "+375 29 123 45 67", "BY", PhoneKind.Mobile },
        { "(212) 555-1234", "US", PhoneKind.FixedLineOrMobile },
        { "(416) 555-0123", "CA", PhoneKind.FixedLineOrMobile },
        { "8 800 555 35 35", "RU", PhoneKind.Other }, // toll-free
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Normalise_ValidNumber_SaysWhetherItIsMobile(string input, string region, PhoneKind kind)
    {
        Assert.Equal(kind, PhoneNormaliser.Normalise(input, region).Kind);
    }

    [Theory]
    [InlineData("+7 999 123-45-67", "RU", "8 (999) 123-45-67")]
    [InlineData("79991234567", "RU", "8 (999) 123-45-67")]
    [InlineData("+7 999 123-45-67", "KZ", "8 (999) 123-45-67")] // the same calling code: dialled as a national number
    [InlineData("+7 999 123-45-67", "DE", "+7 999 123-45-67")]
    [InlineData("0151 23456789", "DE", "01512 3456789")]
    [InlineData("+49 151 23456789", "RU", "+49 1512 3456789")]
    [InlineData("+44 20 7946 0958", "GB", "020 7946 0958")]
    [InlineData("02079460958", "GB", "020 7946 0958")]
    [InlineData("(212) 555-1234", "US", "(212) 555-1234")]
    [InlineData("+1 212 555 1234", "RU", "+1 212-555-1234")]
    public void Display_TheDefaultRegionsNumbersNationally_OthersInternationally(string input, string region, string expected)
    {
        Assert.Equal(expected, PhoneNormaliser.Display(input, region));
    }

    [Fact]
    public void Display_OfAnInvalidNumber_IsTheTextAsItIs()
    {
        Assert.Equal("12345", PhoneNormaliser.Display("12345", "RU"));
    }

    [Theory]
    [InlineData("RU", true)]
    [InlineData("ru", true)]
    [InlineData(" de ", true)]
    [InlineData("UK", true)]
    [InlineData("GB", true)]
    [InlineData("FR", true)]
    [InlineData("IN", true)]
    [InlineData("BR", true)]
    [InlineData("AE", true)]
    [InlineData("XX", false)]
    [InlineData("RUS", false)]
    [InlineData("001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnownRegion_AnyRegionTheLibraryKnows_AndUkForGb(string? region, bool known)
    {
        Assert.Equal(known, PhoneNormaliser.IsKnownRegion(region));
    }

    [Fact]
    public void Regions_AreTheLibrarysHundredsOfRegions()
    {
        Assert.True(PhoneNormaliser.Regions.Count > 200);
        Assert.Subset(PhoneNormaliser.Regions.ToHashSet(), new HashSet<string> { "RU", "KZ", "BY", "UA", "DE", "US", "CA", "GB", "FR", "IN", "BR", "CN", "AE", "TR" });
    }

    [Fact]
    public void Normalise_UnknownDefaultRegion_Throws()
    {
        Assert.Throws<ArgumentException>(() => PhoneNormaliser.Normalise("+79991234567", "XX"));
    }
}
