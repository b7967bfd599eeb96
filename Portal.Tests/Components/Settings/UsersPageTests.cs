using Bunit;
using MudBlazor;
using Portal.Domain.Security;
using Portal.Features.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Settings;

/// <summary>The users page on a real database: locking and unlocking a user, and the refusals said in words.</summary>
public sealed class UsersPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task Lock_ThenUnlock_SaysSo_AndTheRowFollows()
    {
        await SignInAsAdministratorAsync();
        var manager = await Data.UserAsync($"Locked {Guid.NewGuid():N}", null);
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<UsersPage>();

        cut.WaitForElement($"[data-testid='user-lock-{manager.Email}']").Click();

        snackbars.WaitForAssertion(() => Assert.Contains($"Locked: {manager.DisplayName} can no longer sign in", snackbars.Markup, StringComparison.Ordinal));
        cut.WaitForElement($"[data-testid='user-locked-{manager.Email}']"); // the row says so
        cut.WaitForElement($"[data-testid='user-unlock-{manager.Email}']").Click();
        snackbars.WaitForAssertion(() => Assert.Contains($"Unlocked: {manager.DisplayName} can sign in again.", snackbars.Markup, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid='user-locked-{manager.Email}']")));
        cut.WaitForElement($"[data-testid='user-lock-{manager.Email}']");
    }

    [Fact]
    public async Task LockingYourself_IsRefusedInWords()
    {
        var admin = await SignInAsAdministratorAsync();
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<UsersPage>();

        cut.WaitForElement($"[data-testid='user-lock-{admin.Email}']").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("You cannot lock your own account.", snackbars.Markup, StringComparison.Ordinal));
        cut.WaitForElement($"[data-testid='user-lock-{admin.Email}']");
    }

    [Fact]
    public async Task Manager_SeesNoAccess_AndNoUsers()
    {
        var manager = await Data.UserAsync($"Manager {Guid.NewGuid():N}", null);
        SignIn(manager.Id, manager.DisplayName, PortalRoles.Manager);

        var cut = Render<UsersPage>();

        cut.WaitForElement("[data-testid=no-access]");
        Assert.Empty(cut.FindAll("[data-testid=users-grid]"));
    }
}
