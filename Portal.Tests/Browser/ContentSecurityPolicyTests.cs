using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>
/// The Content-Security-Policy breaks no page: every page of the shell, opened by an administrator, runs interactively
/// (its circuit's WebSocket is allowed) without a console error or a policy violation, and so does the sign-in page.
/// </summary>
[Collection(BrowserTests.Name)]
public class ContentSecurityPolicyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>The navigation's pages and the settings' own.</summary>
    private static readonly string[] ShellPages =
    [
        "/", "/crm", "/crm/deals", "/crm/leads", "/crm/contacts", "/crm/companies", "/scenarios", "/scenarios/new", "/runs",
        "/runs/search", "/sandbox", "/business-processes", "/business-processes/new", "/settings", "/settings/users",
        "/settings/crm-roles", "/settings/whatsapp-lines", "/settings/webhooks", "/settings/jobs",
    ];

    [Fact]
    public Task EveryPage_RunsUnderThePolicy_WithoutAConsoleError() => WithPageAsync(async page =>
    {
        var problems = await WatchAsync(page);
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SubmitAsync("admin@portal.local", "not-the-password");
        await Expect(login.Error).ToBeVisibleAsync();
        await page.GetByTestId("language-ru").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Вход в Portal");

        await login.SignInAsync("admin@portal.local", "Admin#2026");
        var shell = new Shell(page);
        foreach (var path in ShellPages)
        {
            await page.GotoAsync(path);
            await shell.WaitUntilInteractiveAsync();
        }

        // Hangfire's dashboard is no Blazor page: its own scripts run under the same policy.
        await page.GotoAsync("/admin/jobs/recurring");
        await Expect(page.Locator("body")).ToContainTextAsync("runs-sweep");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    });

    /// <summary>Console errors, uncaught errors and every violation of the policy, as they happen on any page.</summary>
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var problems = new List<string>();
        await page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
            """);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (problems)
                {
                    problems.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add($"{page.Url}: {error}");
            }
        };
        return problems;
    }
}
