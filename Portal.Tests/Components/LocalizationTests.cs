using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Features.Engine.Robots;
using Portal.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class LocalizationTests : ComponentTestBase
{
    private static readonly ResourceManager Resources =
        new("Portal.Resources.Localization.SharedResource", typeof(SharedResource).Assembly);

    private static readonly Regex PluralForm = new(@"^(?<text>.+)\[(?<category>one|few|many|other)\]$", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryEnglishText_HasARussianTranslation()
    {
        var english = Entries(CultureInfo.InvariantCulture);
        var russian = Entries(new CultureInfo("ru"));

        // Counted texts have other forms in each language: compared by the text's key (see the next test).
        Assert.NotEmpty(english);
        Assert.Empty(TextKeys(english).Except(TextKeys(russian)));
        Assert.Empty(TextKeys(russian).Except(TextKeys(english)));
        Assert.All(russian, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key));
    }

    [Fact]
    public void EveryCountedText_HasExactlyTheFormsOfEachLanguage()
    {
        var english = CountedTexts(CultureInfo.InvariantCulture);
        var russian = CountedTexts(new CultureInfo("ru"));

        Assert.NotEmpty(english);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), russian.Keys.Order(StringComparer.Ordinal));
        Assert.All(english, text => Assert.Equal(["one", "other"], text.Value));
        Assert.All(russian, text => Assert.Equal(["few", "many", "one"], text.Value));
        Assert.Equal(["one", "other"], Plurals.CategoriesOf(new CultureInfo("en")).Select(Name).Order(StringComparer.Ordinal));
        Assert.Equal(["few", "many", "one"], Plurals.CategoriesOf(new CultureInfo("ru")).Select(Name).Order(StringComparer.Ordinal));

        static string Name(PluralCategory category) => Plurals.Key(string.Empty, category).Trim('[', ']');
    }

    [Theory]
    [InlineData("ru", 1, "Сценарий обработает 1 выбранную запись.")]
    [InlineData("ru", 2, "Сценарий обработает 2 выбранные записи.")]
    [InlineData("ru", 5, "Сценарий обработает 5 выбранных записей.")]
    [InlineData("ru", 11, "Сценарий обработает 11 выбранных записей.")]
    [InlineData("ru", 21, "Сценарий обработает 21 выбранную запись.")]
    [InlineData("ru", 22, "Сценарий обработает 22 выбранные записи.")]
    [InlineData("ru", 111, "Сценарий обработает 111 выбранных записей.")]
    [InlineData("en", 0, "The scenario will run on 0 selected records.")]
    [InlineData("en", 1, "The scenario will run on 1 selected record.")]
    [InlineData("en", 2, "The scenario will run on 2 selected records.")]
    public void ACountedText_TakesTheFormOfItsNumber(string culture, int count, string expected)
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

        Assert.Equal(expected, localizer.Plural("Launch.Count", count));
    }

    [Fact]
    public void ACountedTextWithMoreNumbers_TakesTheFormOfTheOneItCounts()
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru");

        Assert.Equal("ошибок: 3, в 1 из 21 запуска", localizer.Plural("RunLog.FailingSummary", 21, "3", "1", "21"));
        Assert.Equal("ошибок: 3, в 2 из 5 запусков", localizer.Plural("RunLog.FailingSummary", 5, "3", "2", "5"));
        Assert.Equal("Страница {0} из {1} (3 записи)", string.Format(CultureInfo.InvariantCulture, localizer[Plurals.Key("Runs.PagingSummary", 3)], "{0}", "{1}", 3));
        Assert.Equal("1 234 сообщения с неизвестной судьбой поставлены на повторную отправку.", localizer.Plural("Runs.SentUncertainAgain", 1234).Value.Replace('\u00A0', ' '));
    }

    [Fact]
    public void EveryRobot_ItsInputs_AndTheirOptions_HaveTextsInBothLanguages()
    {
        var keys = RobotsSetup.Catalog.All.SelectMany(r => r.TextKeys()).ToList();
        Assert.Contains("Robots.olchat.send_message.WhichNumbers.first_mobile", keys);
        foreach (var culture in new[] { CultureInfo.InvariantCulture, new CultureInfo("ru") })
        {
            var texts = Entries(culture);
            Assert.Empty(keys.Where(key => !texts.ContainsKey(key)).Select(key => $"{culture.Name}: {key}"));
        }
    }

    [Fact]
    public void EveryErrorCode_HasATextInBothLanguages()
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        foreach (var culture in new[] { "en", "ru" })
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            Assert.All(ErrorCodes.All, code => Assert.False(localizer[$"ErrorCode.{code}"].ResourceNotFound, $"{culture}: {code}"));
        }
    }

    [Fact]
    public void SeedErrors_HaveTheSeedsExactTexts()
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        CultureInfo.CurrentUICulture = new CultureInfo("ru");
        Assert.Equal("Недостаточно прав для запуска Умного сценария", localizer["ErrorCode.rights.insufficient"]);
        Assert.Equal("Умный сценарий не найден или выключен", localizer["ErrorCode.scenario.not_found_or_disabled"]);
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        Assert.Equal("Insufficient rights to start the smart scenario", localizer["ErrorCode.rights.insufficient"]);
        Assert.Equal("Smart scenario not found or disabled", localizer["ErrorCode.scenario.not_found_or_disabled"]);
    }

    [Fact]
    public void NoAccess_RendersInTheUsersLanguage()
    {
        UseCulture("en");
        var english = Render<Portal.Components.Shared.NoAccess>().Find("[data-testid=no-access]").TextContent;
        UseCulture("ru");
        var russian = Render<Portal.Components.Shared.NoAccess>().Find("[data-testid=no-access]").TextContent;

        Assert.Contains("No access", english, StringComparison.Ordinal);
        Assert.Contains("Нет доступа", russian, StringComparison.Ordinal);
    }

    private static IEnumerable<string> TextKeys(Dictionary<string, string> entries) =>
        entries.Keys.Select(key => PluralForm.Match(key) is { Success: true } form ? form.Groups["text"].Value : key).Distinct();

    /// <summary>The counted texts of a language, each with the categories of its forms in order.</summary>
    private static Dictionary<string, List<string>> CountedTexts(CultureInfo culture) =>
        Entries(culture).Keys.Select(key => PluralForm.Match(key)).Where(m => m.Success)
            .GroupBy(m => m.Groups["text"].Value, m => m.Groups["category"].Value)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList());

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
    }
}
