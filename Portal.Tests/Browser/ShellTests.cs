using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class ShellTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly (string Email, string Password) Admin = ("admin@portal.local", "Admin#2026");
    private static readonly (string Email, string Password) Manager = ("manager@portal.local", "Manager#2026");

    [Fact]
    public Task AnonymousUser_IsSentToLogin_AndBackAfterSigningIn() => WithPageAsync(async page =>
    {
        await page.GotoAsync("/settings/jobs");

        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fsettings%2Fjobs$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to Portal");

        await new LoginPage(page).SubmitAsync(Admin.Email, Admin.Password);
        await Expect(page).ToHaveURLAsync(new Regex("/settings/jobs$"));
        await Expect(page.GetByTestId("scheduler-page")).ToBeVisibleAsync();
    });

    [Fact]
    public Task WrongPassword_ShowsAClearError() => WithPageAsync(async page =>
    {
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SubmitAsync(Manager.Email, "not-the-password");

        await Expect(login.Error).ToContainTextAsync("Wrong e-mail or password.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.Locator("#email")).ToHaveValueAsync(Manager.Email);
    });

    [Fact]
    public Task EmptyForm_AsksForEmailAndPassword() => WithPageAsync(async page =>
    {
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SubmitAsync("", "");

        await Expect(page.GetByTestId("email-error")).ToHaveTextAsync("Enter your e-mail.");
        await Expect(page.GetByTestId("password-error")).ToHaveTextAsync("Enter your password.");
    });

    [Fact]
    public Task RepeatedFailures_LockTheAccountWithAClearMessage() => WithPageAsync(async page =>
    {
        var email = $"locked-{Guid.NewGuid():N}@portal.local";
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, DisplayName = "Locked" };
            Assert.True((await users.CreateAsync(user, "Right#Password1")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PortalRoles.Manager)).Succeeded);
        }

        var login = new LoginPage(page);
        await login.GotoAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await login.SubmitAsync(email, "Wrong#Password1");
            await Expect(login.Error).ToBeVisibleAsync();
        }

        // Even the right password is refused now, and the user is told why.
        await login.SubmitAsync(email, "Right#Password1");
        await Expect(login.Error).ToContainTextAsync("locked after too many failed sign-in attempts");
    });

    [Fact]
    public Task Manager_SeesTheShellWithoutAdministratorItems() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Manager.Email, Manager.Password);
        var shell = new Shell(page);

        await Expect(shell.UserName).ToHaveTextAsync("Mark Manager");
        await Expect(shell.NavItem(PortalArea.Crm)).ToBeVisibleAsync();
        await Expect(shell.NavItem(PortalArea.Scenarios)).ToBeVisibleAsync();
        await Expect(shell.NavItem(PortalArea.Runs)).ToBeVisibleAsync();
        await Expect(shell.NavItem(PortalArea.BusinessProcesses)).ToHaveCountAsync(0);
        await Expect(shell.NavItem(PortalArea.Settings)).ToHaveCountAsync(0);
        await Expect(shell.NavItem(PortalArea.Scheduler)).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Manager_TypingTheSchedulerUrl_IsRefused() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Manager.Email, Manager.Password);

        var response = await page.GotoAsync("/settings/jobs");

        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scheduler-page")).ToHaveCountAsync(0);
        Assert.EndsWith("/account/access-denied?ReturnUrl=%2Fsettings%2Fjobs", response!.Url, StringComparison.Ordinal);
    });

    [Fact]
    public Task Admin_OpensTheJobEnginePage_RunsACheck_AndSeesTheJobsInTheHangfireDashboard() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Admin.Email, Admin.Password);
        var shell = new Shell(page);
        await Expect(shell.NavItem(PortalArea.Settings)).ToBeVisibleAsync();

        await shell.NavItem(PortalArea.Scheduler).ClickAsync();

        await Expect(page.GetByTestId("scheduler-page")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("scheduler-nodes")).ToContainTextAsync("Alive");
        await Expect(page.GetByTestId("scheduler-nodes")).ToContainTextAsync("default, processes, runs");
        await Expect(page.GetByTestId("scheduler-queues")).ToContainTextAsync("processes");

        // The click goes over the circuit; the job runs on a worker; the page updates itself.
        await page.GetByTestId("scheduler-check").ClickAsync();
        await Expect(page.GetByTestId("scheduler-check-result")).ToContainTextAsync("ran on worker", new() { Timeout = 30_000 });

        // Hangfire's own dashboard, under the portal's sign-in: the recurring jobs and the check that just ran.
        await page.GetByTestId("jobs-dashboard-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/jobs/?$"));
        // The dashboard's own page has loaded (not only its address): a navigation started before would abort the next.
        await Expect(page.Locator("a[href$='/admin/jobs/recurring']").First).ToBeVisibleAsync();
        await page.GotoAsync("/admin/jobs/recurring");
        await Expect(page.Locator("body")).ToContainTextAsync("runs-sweep");
        await Expect(page.Locator("body")).ToContainTextAsync("history-cleanup");
        await page.GotoAsync("/admin/jobs/jobs/succeeded");
        await Expect(page.Locator("body")).ToContainTextAsync("SchedulerCheckJob");
    });

    [Fact]
    public Task JobsDashboard_RefusesAManager_AndSendsAnAnonymousVisitorToSignIn() => WithPageAsync(async page =>
    {
        var anonymous = await page.GotoAsync("/admin/jobs");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fadmin%2Fjobs$"));
        Assert.NotNull(anonymous);

        await new LoginPage(page).SubmitAsync(Manager.Email, Manager.Password);
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();

        var response = await page.GotoAsync("/admin/jobs/recurring");
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        Assert.Contains("/account/access-denied", response!.Url, StringComparison.Ordinal);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("runs-sweep");
    });

    [Fact]
    public Task LanguageSwitch_ChangesTheInterfaceToRussianAndBack() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Manager.Email, Manager.Password);
        var shell = new Shell(page);
        await Expect(shell.NavItem(PortalArea.Scenarios)).ToContainTextAsync("Scenarios");

        await shell.SwitchLanguageAsync("Русский");

        await Expect(shell.NavItem(PortalArea.Scenarios)).ToContainTextAsync("Сценарии");
        await Expect(page.GetByTestId("logout")).ToContainTextAsync("Выйти");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");

        // The choice is remembered on the next page load.
        await page.ReloadAsync();
        await Expect(shell.NavItem(PortalArea.Runs)).ToContainTextAsync("Запуски");

        await shell.WaitUntilInteractiveAsync();
        await shell.SwitchLanguageAsync("English");
        await Expect(shell.NavItem(PortalArea.Runs)).ToContainTextAsync("Runs");
    });

    [Fact]
    public Task LoginPage_LanguageLinks_TranslateTheForm() => WithPageAsync(async page =>
    {
        var login = new LoginPage(page);
        await login.GotoAsync();

        await page.GetByTestId("language-ru").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Вход в Portal");
        await login.SubmitAsync(Manager.Email, "wrong");
        await Expect(login.Error).ToContainTextAsync("Неверный адрес эл. почты или пароль.");
    });

    [Fact]
    public Task UnknownUrl_ShowsPageNotFound() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Manager.Email, Manager.Password);

        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToContainTextAsync("Page not found");
    });

    [Fact]
    public Task SignOut_ReturnsToLogin() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync(Manager.Email, Manager.Password);

        await page.GetByTestId("logout").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2F$"));
    });
}
