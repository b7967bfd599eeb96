using Portal.Domain.Runs;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class RunOutcomeBadgeTests : ComponentTestBase
{
    [Theory]
    [InlineData(RunStatus.Completed, 10, 3, "en", "warning", "Completed with failures", "3 of 10 records failed")]
    [InlineData(RunStatus.Completed, 10, 3, "ru", "warning", "Завершён с ошибками", "с ошибкой: 3 из 10 записей")]
    [InlineData(RunStatus.Completed, 21, 21, "en", "error", "All records failed", "21 of 21 records failed")]
    [InlineData(RunStatus.Completed, 21, 21, "ru", "error", "Все записи с ошибкой", "с ошибкой: 21 из 21 записи")]
    [InlineData(RunStatus.Completed, 1, 1, "en", "error", "All records failed", "1 of 1 record failed")]
    [InlineData(RunStatus.Stopped, 12_000, 1_500, "en", "warning", "Stopped", "1,500 of 12,000 records failed")]
    [InlineData(RunStatus.Stopped, 12_000, 1_500, "ru", "warning", "Остановлен", "с ошибкой: 1 500 из 12 000 записей")]
    public async Task ARunThatFailedRecords_NeverLooksLikeASuccess_AndSaysHowManyFailed(
        RunStatus status, int items, int failed, string culture, string colour, string label, string failedText)
    {
        var html = await RenderAsync(RunOutcome.Of(status, items, failed), culture);

        Assert.Equal(label, Badge(html));
        Assert.Contains($"mud-chip-color-{colour}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("mud-chip-color-success", html, StringComparison.Ordinal);
        Assert.Equal(failedText, Failed(html)?.Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData(RunStatus.Completed, "success", "Completed")]
    [InlineData(RunStatus.Running, "info", "Running")]
    [InlineData(RunStatus.Queued, "default", "Queued")]
    public async Task ARunWithoutFailures_OrStillGoing_ShowsNoFailedCount(RunStatus status, string colour, string label)
    {
        // A run going on has failed records here, but the run page counts them live: no outcome yet.
        var html = await RenderAsync(RunOutcome.Of(status, 10, status == RunStatus.Completed ? 0 : 4));

        Assert.Equal(label, Badge(html));
        Assert.Contains($"mud-chip-color-{colour}", html, StringComparison.Ordinal);
        Assert.Null(Failed(html));
    }

    private Task<string> RenderAsync(RunOutcome outcome, string culture = "en") =>
        Task.FromResult(RenderText<RunOutcomeBadge>(
            new Dictionary<string, object?> { [nameof(RunOutcomeBadge.Outcome)] = outcome, [nameof(RunOutcomeBadge.TestId)] = "outcome" },
            culture));

    private static string? Badge(string html) => TextOf(html, "data-testid=\"outcome\"");

    private static string? Failed(string html) => TextOf(html, "data-testid=\"outcome-failed\"");

    /// <summary>The text of the element carrying <paramref name="attribute"/> (its tags stripped), or null when none does.</summary>
    private static string? TextOf(string html, string attribute)
    {
        var at = html.IndexOf(attribute, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = html.IndexOf('>', at) + 1;
        var tag = html.LastIndexOf('<', at);
        var name = html[(tag + 1)..html.IndexOfAny([' ', '>'], tag)];
        var end = html.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(html[start..end], "<[^>]+>", string.Empty).Trim();
    }
}
