using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Settings;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>The real app with signed-in sessions checked every second (a minute in production), so a test waits seconds.</summary>
public sealed class QuickRevalidationFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["Portal:RevalidationSeconds"] = "1" };
}

[CollectionDefinition(Name)]
public sealed class QuickRevalidationTests : ICollectionFixture<QuickRevalidationFixture>
{
    public const string Name = "Browser, sessions checked every second";
}

/// <summary>
/// Rights follow the user into a tab they left open: a change made by an administrator elsewhere reaches the open
/// circuit at its next check (the page shows the sign-in page), and signing in again gives the new rights.
/// </summary>
[Collection(QuickRevalidationTests.Name)]
public partial class RevalidationTests(QuickRevalidationFixture fixture) : BrowserTest(fixture)
{
    private CrmTestData Data => new(Fixture.App.Services);

    [Fact]
    public Task DemotedAdministrator_LosesTheOpenSettingsPage_AndSignsInAsAManager() => WithPageAsync(async page =>
    {
        var admin = await Data.UserAsync($"Demoted {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        var other = await Data.UserAsync($"Other admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        await new LoginPage(page).SignInAsync(admin.Email!, CrmTestData.Password);
        await page.GotoAsync("/settings/users");
        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.GetByTestId("users-grid")).ToBeVisibleAsync();

        await UsersAsync(users => users.AssignAsync(other.Id, new UserAssignment(admin.Id, PortalRoles.Manager, null, [])));

        await Expect(page).ToHaveURLAsync(SignInPage(), new() { Timeout = 30_000 });
        await new LoginPage(page).SubmitAsync(admin.Email!, CrmTestData.Password);
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(await page.GetByTestId("users-grid").AllAsync());
    });

    [Theory]
    [InlineData("locked")]
    [InlineData("password")]
    [InlineData("crm-role")]
    public Task Manager_LosesTheOpenDealsPage_WhenTheirAccountChanges(string change) => WithPageAsync(async page =>
    {
        var admin = await Data.UserAsync($"Admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        var role = await Data.DealRoleAsync(RightScope.All, CrmAction.Read);
        var manager = await Data.UserAsync($"Manager {Guid.NewGuid():N}", null, PortalRoles.Manager, role);
        await new LoginPage(page).SignInAsync(manager.Email!, CrmTestData.Password);
        await page.GotoAsync("/crm/deals");
        await new Shell(page).WaitUntilInteractiveAsync();

        switch (change)
        {
            case "locked":
                await UsersAsync(users => users.SetLockedAsync(admin.Id, manager.Id, true));
                break;
            case "password":
                await using (var scope = Fixture.App.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                    var user = (await users.FindByIdAsync(manager.Id))!;
                    Assert.True((await users.ChangePasswordAsync(user, CrmTestData.Password, "Another#Password2")).Succeeded);
                }

                break;
            default:
                await using (var scope = Fixture.App.Services.CreateAsyncScope())
                {
                    var roles = scope.ServiceProvider.GetRequiredService<CrmRoleAdmin>();
                    var roleId = (await roles.ListAsync(admin.Id))!.Single(r => r.Name == role).Id;
                    var matrix = (await roles.GetAsync(admin.Id, roleId))!;
                    matrix[CrmEntityType.Deal, CrmAction.Read] = RightScope.None;
                    Assert.True((await roles.SaveAsync(admin.Id, matrix)).Succeeded);
                }

                break;
        }

        await Expect(page).ToHaveURLAsync(SignInPage(), new() { Timeout = 30_000 });
    });

    private async Task UsersAsync(Func<UserAdmin, Task<Features.Crm.CommandResult>> command)
    {
        await using var scope = Fixture.App.Services.CreateAsyncScope();
        var result = await command(scope.ServiceProvider.GetRequiredService<UserAdmin>());
        Assert.True(result.Succeeded, result.ToString());
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex SignInPage();
}
