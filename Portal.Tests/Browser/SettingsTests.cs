using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class SettingsTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] SettingsPages = ["/settings/crm-roles", "/settings/users", "/settings/audit"];

    [Fact]
    public Task Admin_EditsACrmRoleMatrix_AndTheChangeIsKept() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync("admin@portal.local", "Admin#2026");
        await page.GotoAsync("/settings/crm-roles");
        await new Shell(page).WaitUntilInteractiveAsync();

        await page.GetByTestId("crm-role-new").ClickAsync();
        await Expect(page.GetByTestId("crm-role-name")).ToHaveValueAsync("");
        var name = $"Browser role {Guid.NewGuid():N}"[..24];
        await page.GetByTestId("crm-role-name").FillAndCommitAsync(name);
        await MudPages.ChooseAsync(page, "scope-Deal-Read", "Department and sub-departments");
        await page.GetByTestId("crm-role-save").ClickAsync();
        await Expect(page.GetByTestId("crm-role-saved")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        await Expect(page.GetByTestId("scope-Deal-Read")).ToContainTextAsync("Dept. + sub");
        await Expect(page.GetByTestId("scope-Deal-Edit")).ToContainTextAsync("—");
    });

    [Fact]
    public Task AUser_MakesAnAccessTokenInTheProfile_SeesItOnce_ThenRevokesIt() => WithPageAsync(async page =>
    {
        var user = await new CrmTestData(Fixture.App.Services).UserAsync("Token Maker", null, Portal.Domain.Security.PortalRoles.Support);
        await new LoginPage(page).SignInAsync(user.Email!, CrmTestData.Password);
        await page.GetByTestId("user-profile").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/profile$"));
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("tokens-empty")).ToBeVisibleAsync();

        await page.GetByTestId("token-create").ClickAsync();
        await Expect(page.GetByTestId("profile-page")).ToContainTextAsync("Give the token a name.");
        await page.GetByTestId("token-new-name").FillAndCommitAsync("Website form");
        await MudPages.ChooseAsync(page, "token-new-expiry", "365 days");
        await page.GetByTestId("token-create").ClickAsync();
        var token = (await page.GetByTestId("token-value").TextContentAsync())!.Trim();
        Assert.Matches("^ptl_", token);
        await Expect(page.GetByTestId("token-name")).ToHaveTextAsync("Website form");
        await Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Active");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "profile-token.png"), FullPage = true });
        using var api = new HttpClient { BaseAddress = Fixture.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        // Shown once: the page read again has the token's start, never the token.
        await page.ReloadAsync();
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("token-name")).ToHaveTextAsync("Website form");
        await Expect(page.GetByTestId("token-created")).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByTestId("token-revoke").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByTestId("token-state")).ToHaveTextAsync("Revoked");
        await Expect(page.GetByTestId("token-revoke")).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    });

    [Fact]
    public Task Admin_ReadsTheirSignIns_AndTheirChange_InTheAuditTrail() => WithPageAsync(async page =>
    {
        var login = new LoginPage(page);
        var stranger = $"nobody-{Guid.NewGuid():N}@example.com";
        await login.GotoAsync();
        await login.SubmitAsync(stranger, "Wrong#2026");
        await Expect(login.Error).ToBeVisibleAsync();
        await login.SignInAsync("admin@portal.local", "Admin#2026");
        await page.GotoAsync("/settings/crm-roles");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("crm-role-new").ClickAsync();
        var name = $"Audited role {Guid.NewGuid():N}"[..24];
        await page.GetByTestId("crm-role-name").FillAndCommitAsync(name);
        await page.GetByTestId("crm-role-save").ClickAsync();
        await Expect(page.GetByTestId("crm-role-saved")).ToBeVisibleAsync();

        await page.GotoAsync("/settings");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("settings-audit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/audit$"));
        await new Shell(page).WaitUntilInteractiveAsync();

        var entries = page.GetByTestId("audit-entries");
        await Expect(entries.Locator("tr", new() { HasText = name })).ToContainTextAsync("CRM roles · created");
        await Expect(entries.Locator("tr", new() { HasText = name })).ToContainTextAsync($"Name: — → {name}");
        await Expect(entries.Locator("tr", new() { HasText = stranger })).ToContainTextAsync("Sign-in · sign-in failed");
        await Expect(entries.Locator("tr", new() { HasText = "Sign-in · signed in" }).First).ToContainTextAsync("admin@portal.local");
    });

    [Fact]
    public Task Manager_CannotOpenTheSettingsPages() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync("manager@portal.local", "Manager#2026");

        foreach (var url in SettingsPages)
        {
            await page.GotoAsync(url);
            await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        }
    });
}
