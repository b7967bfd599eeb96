using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Settings;

/// <summary>Locking users out and the last active administrator, against the real database.</summary>
public class UserAdminTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private UserAdmin Users => app.Services.GetRequiredService<UserAdmin>();

    [Fact]
    public async Task LastActiveAdministrator_CannotBeDemotedOrLocked_ButCanOnceAnotherIsActive()
    {
        var only = await OnlyActiveAdministratorAsync();

        var demoted = await Users.AssignAsync(only.Id, new UserAssignment(only.Id, PortalRoles.Manager, null, []));
        var second = await _data.UserAsync($"Second {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        await LockAsync(second.Id); // an administrator who cannot sign in does not count
        var lockedBySecond = await Users.SetLockedAsync(second.Id, only.Id, true);

        Assert.Equal(UserAdmin.LastAdministrator, demoted.Reason);
        Assert.Equal(UserAdmin.LastAdministrator, lockedBySecond.Reason);
        Assert.Equal(PortalRoles.Administrator, await RoleOfAsync(only.Id));
        Assert.False(await IsLockedOutAsync(only.Id));

        Assert.True((await Users.SetLockedAsync(only.Id, second.Id, false)).Succeeded);
        Assert.True((await Users.AssignAsync(second.Id, new UserAssignment(only.Id, PortalRoles.Manager, null, []))).Succeeded);
        Assert.Equal(PortalRoles.Manager, await RoleOfAsync(only.Id));
    }

    [Fact]
    public async Task TwoAdministrators_DemotingEachOtherAtOnce_LeaveOneOfThem()
    {
        for (var round = 0; round < 5; round++)
        {
            var first = await OnlyActiveAdministratorAsync();
            var second = await _data.UserAsync($"Rival {Guid.NewGuid():N}", null, PortalRoles.Administrator);

            var results = await Task.WhenAll(
                Users.AssignAsync(first.Id, new UserAssignment(second.Id, PortalRoles.Manager, null, [])),
                Users.AssignAsync(second.Id, new UserAssignment(first.Id, PortalRoles.Manager, null, [])));

            Assert.Single(results, r => r.Succeeded);
            Assert.Single(results, r => r.Reason == UserAdmin.LastAdministrator);
        }
    }

    [Fact]
    public async Task LockedUser_CannotSignIn_UntilUnlocked_AndNobodyLocksThemselves()
    {
        var admin = await _data.UserAsync($"Admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        var manager = await _data.UserAsync($"Manager {Guid.NewGuid():N}", null);
        var stamp = await StampOfAsync(manager.Id);

        Assert.True((await Users.SetLockedAsync(admin.Id, manager.Id, true)).Succeeded);

        Assert.NotEqual(stamp, await StampOfAsync(manager.Id)); // open sessions end at their next check
        Assert.True((await SignInAsync(manager.Email!)).IsLockedOut);
        Assert.True((await Users.ListAsync(admin.Id))!.Single(u => u.Id == manager.Id).LockedOut);

        Assert.True((await Users.SetLockedAsync(admin.Id, manager.Id, false)).Succeeded);
        Assert.True((await SignInAsync(manager.Email!)).Succeeded);

        var self = await Users.SetLockedAsync(admin.Id, admin.Id, true);
        Assert.Equal((CommandStatus.Invalid, UserAdmin.Self), (self.Status, self.Reason));
        Assert.False(await IsLockedOutAsync(admin.Id));
    }

    /// <summary>A new administrator, made the only active one by locking every other (the class's own database).</summary>
    private async Task<PortalUser> OnlyActiveAdministratorAsync()
    {
        var admin = await _data.UserAsync($"Only admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        await using var db = await Db();
        var others = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            where r.Name == PortalRoles.Administrator && ur.UserId != admin.Id
                            select ur.UserId).ToListAsync();
        foreach (var other in others)
        {
            await LockAsync(other);
        }

        return admin;
    }

    private async Task LockAsync(string userId)
    {
        await using var db = await Db();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue));
    }

    private async Task<string?> RoleOfAsync(string userId)
    {
        await using var db = await Db();
        return await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).SingleAsync();
    }

    private async Task<bool> IsLockedOutAsync(string userId)
    {
        await using var db = await Db();
        return await db.Users.AnyAsync(u => u.Id == userId && u.LockoutEnd > DateTimeOffset.UtcNow);
    }

    private async Task<string?> StampOfAsync(string userId)
    {
        await using var db = await Db();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }

    private async Task<SignInResult> SignInAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        return await signIn.CheckPasswordSignInAsync((await users.FindByEmailAsync(email))!, CrmTestData.Password, lockoutOnFailure: true);
    }

    private Task<PortalDbContext> Db() => app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
