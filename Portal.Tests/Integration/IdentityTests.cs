using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

public class IdentityTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task UserWithRole_RoundTripsThroughPostgres()
    {
        var email = $"round-trip-{Guid.NewGuid():N}@portal.local";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, DisplayName = "Ольга Тестова" };
            AssertSucceeded(await users.CreateAsync(user, "Str0ng#Password"));
            AssertSucceeded(await users.AddToRoleAsync(user, PortalRoles.Support));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var loaded = await users.FindByEmailAsync(email);
            Assert.NotNull(loaded);
            Assert.Equal("Ольга Тестова", loaded.DisplayName);
            Assert.True(await users.CheckPasswordAsync(loaded, "Str0ng#Password"));
            Assert.False(await users.CheckPasswordAsync(loaded, "wrong"));
            Assert.Equal([PortalRoles.Support], await users.GetRolesAsync(loaded));
            Assert.Contains(loaded, await users.GetUsersInRoleAsync(PortalRoles.Support));
        }
    }

    [Fact]
    public async Task DemoUsers_AreSeededOncePerRole()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        foreach (var (email, password, _, role) in DemoUsers.All)
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, password));
            Assert.Equal([role], await users.GetRolesAsync(user));
        }

        // A second start does not duplicate or fail.
        await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedDemoUsersAsync();
        Assert.Equal(DemoUsers.All.Count, users.Users.Count(u => u.Email!.EndsWith("@portal.local") && !u.Email.StartsWith("round-trip") && !u.Email.StartsWith("lockout")));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountOut()
    {
        var email = $"lockout-{Guid.NewGuid():N}@portal.local";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Lockout" };
        AssertSucceeded(await users.CreateAsync(user, "Str0ng#Password"));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.False(await users.IsLockedOutAsync(user));
            AssertSucceeded(await users.AccessFailedAsync(user));
        }

        Assert.True(await users.IsLockedOutAsync(user));
    }

    private static void AssertSucceeded(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
