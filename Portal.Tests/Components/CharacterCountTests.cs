using System.Net;
using Portal.Components.Shared;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class CharacterCountTests : ComponentTestBase
{
    private Task<string> RenderAsync(string? value, int max, bool message = true, string culture = "en")
    {
        UseCulture(culture);
        var cut = Render<CharacterCount>(p => p
            .Add(c => c.Value, value)
            .Add(c => c.Max, max)
            .Add(c => c.Message, message)
            .Add(c => c.TestId, "name-count"));
        return Task.FromResult(WebUtility.HtmlDecode(cut.Markup));
    }

    [Fact]
    public async Task AtTheLimit_OnlyCounts()
    {
        var html = await RenderAsync(new string('a', 200), 200);

        Assert.Contains("200 / 200", html, StringComparison.Ordinal);
        Assert.DoesNotContain("portal-char-count-over", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Too long", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheLimit_SaysItIsTooLong_InTheUsersLanguage()
    {
        var english = await RenderAsync(new string('a', 2001), 2000);
        var russian = await RenderAsync(new string('a', 201), 200, culture: "ru");

        Assert.Contains("portal-char-count-over", english, StringComparison.Ordinal);
        Assert.Contains("Too long: at most 2,000 characters.", english, StringComparison.Ordinal);
        Assert.Contains("2,001 / 2,000", english, StringComparison.Ordinal);
        Assert.Contains("Слишком длинно: не более 200 символов.", russian, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheLimit_WhereThePageSaysItItself_OnlyCountsInRed()
    {
        var html = await RenderAsync("abc", 2, message: false);

        Assert.Contains("portal-char-count-over", html, StringComparison.Ordinal);
        Assert.Contains("3 / 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name-count-too-long", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoValue_CountsNothing() =>
        Assert.Contains("0 / 100", await RenderAsync(null, 100), StringComparison.Ordinal);
}
