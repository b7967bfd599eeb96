using System.Globalization;
using Portal.Localization;

namespace Portal.Tests.Localization;

public class PluralsTests
{
    private static readonly CultureInfo Russian = new("ru");
    private static readonly CultureInfo English = new("en");

    [Theory]
    [InlineData(1, PluralCategory.One)]
    [InlineData(21, PluralCategory.One)]
    [InlineData(101, PluralCategory.One)]
    [InlineData(2, PluralCategory.Few)]
    [InlineData(4, PluralCategory.Few)]
    [InlineData(22, PluralCategory.Few)]
    [InlineData(0, PluralCategory.Many)]
    [InlineData(5, PluralCategory.Many)]
    [InlineData(11, PluralCategory.Many)]
    [InlineData(12, PluralCategory.Many)]
    [InlineData(14, PluralCategory.Many)]
    [InlineData(25, PluralCategory.Many)]
    [InlineData(111, PluralCategory.Many)]
    [InlineData(112, PluralCategory.Many)]
    [InlineData(1_000_000, PluralCategory.Many)]
    public void Russian_FollowsCldr(long count, PluralCategory expected) =>
        Assert.Equal(expected, Plurals.CategoryOf(count, Russian));

    [Theory]
    [InlineData(0, PluralCategory.Other)]
    [InlineData(1, PluralCategory.One)]
    [InlineData(2, PluralCategory.Other)]
    [InlineData(21, PluralCategory.Other)]
    public void English_IsOneOrOther(long count, PluralCategory expected) =>
        Assert.Equal(expected, Plurals.CategoryOf(count, English));

    [Fact]
    public void RegionalCulturesTakeTheirLanguagesRule_AnyOtherTheEnglishOne()
    {
        Assert.Equal(PluralCategory.Few, Plurals.CategoryOf(3, new CultureInfo("ru-RU")));
        Assert.Equal(PluralCategory.Other, Plurals.CategoryOf(3, new CultureInfo("de")));
        Assert.Equal(PluralCategory.One, Plurals.CategoryOf(-1, English));
    }

    [Fact]
    public void AFormsKey_IsTheTextsKeyWithTheCategoryInBrackets() =>
        Assert.Equal(
            ["Launch.Count[one]", "Launch.Count[few]", "Launch.Count[many]"],
            Plurals.CategoriesOf(Russian).Select(c => Plurals.Key("Launch.Count", c)));
}
