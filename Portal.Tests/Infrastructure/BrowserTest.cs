using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The base of browser tests: a fresh browser context per test, and a screenshot in
/// <c>$PORTAL_TEST_ARTIFACTS/screenshots</c> (scripts/test.sh: <c>TestResults/screenshots</c>) when a test fails.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture)
{
    protected BrowserFixture Fixture { get; } = fixture;

    protected async Task WithPageAsync(Func<IPage, Task> test, string locale = "en-US", [CallerMemberName] string name = "")
    {
        var page = await Fixture.NewPageAsync(locale);
        try
        {
            await test(page);
        }
        catch
        {
            var folder = Path.Combine(
                Environment.GetEnvironmentVariable("PORTAL_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "TestResults"),
                "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{GetType().Name}.{name}.png"), FullPage = true });
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
