using System.Globalization;
using System.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class LocalizationTests : ComponentTestBase
{
    private static readonly ResourceManager Resources =
        new("Portal.Resources.Localization.SharedResource", typeof(SharedResource).Assembly);

    [Fact]
    public void EveryEnglishText_HasARussianTranslation()
    {
        var english = Entries(CultureInfo.InvariantCulture);
        var russian = Entries(new CultureInfo("ru"));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(russian.Keys));
        Assert.Empty(russian.Keys.Except(english.Keys));
        Assert.All(russian, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), entry.Key));
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

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'.");
        return set.Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
    }
}
