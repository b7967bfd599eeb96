using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Features.Crm;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Security;

namespace Portal.Tests.Integration.Api;

/// <summary>
/// Personal access tokens over real HTTP: a token acts as its user with the rights they have now; no token, an unknown,
/// revoked or expired one, or a locked-out user's, gets 401; the cookie does not open the API, a token not the pages.
/// </summary>
public class AccessTokenTests(ApiApp app) : IClassFixture<ApiApp>
{
    private AccessTokens Tokens => app.Services.CreateScope().ServiceProvider.GetRequiredService<AccessTokens>();

    [Fact]
    public async Task AToken_ActsAsItsUser_WithTheRolesTheyHaveAtEachRequest_AndNotesItsLastUse()
    {
        var manager = await app.Kit.Data.UserAsync("Api Manager", null, PortalRoles.Manager);
        var token = await app.TokenAsync(manager);
        using var client = app.Client(token);

        var me = await client.GetFromJsonAsync<ApiSetup.MeResponse>("/api/v1/me");
        Assert.Equal((manager.Id, "Api Manager", manager.Email), (me!.Id, me.Name, me.Email));
        Assert.Equal([PortalRoles.Manager], me.Roles);
        Assert.Contains(nameof(PortalArea.Crm), me.Areas);
        Assert.DoesNotContain(nameof(PortalArea.Settings), me.Areas);

        await app.Kit.WithDbAsync(async db =>
        {
            var roles = db.UserRoles.Where(r => r.UserId == manager.Id);
            db.UserRoles.RemoveRange(roles);
            db.UserRoles.Add(new() { UserId = manager.Id, RoleId = await db.Roles.Where(r => r.Name == PortalRoles.Support).Select(r => r.Id).SingleAsync() });
            await db.SaveChangesAsync();
        });
        var after = await client.GetFromJsonAsync<ApiSetup.MeResponse>("/api/v1/me");
        Assert.Equal([PortalRoles.Support], after!.Roles);
        Assert.NotNull(Assert.Single(await Tokens.MineAsync(manager.Id)).LastUsedAt);
    }

    [Fact]
    public async Task NoToken_AnUnknownOne_ARevokedOne_AnExpiredOne_AndALockedOutUsersOne_Get401()
    {
        var user = await app.Kit.Data.UserAsync("Api Refused", null, PortalRoles.Manager);
        var revoked = await app.TokenAsync(user);
        var expired = await app.TokenAsync(user);
        var locked = await app.Kit.Data.UserAsync("Api Locked", null, PortalRoles.Manager);
        var lockedToken = await app.TokenAsync(locked);
        var revokedId = (await Tokens.MineAsync(user.Id)).Single(t => revoked.StartsWith(t.Hint, StringComparison.Ordinal)).Id;
        Assert.True((await Tokens.RevokeAsync(user.Id, revokedId)).Succeeded);
        await app.Kit.WithDbAsync(db => db.AccessTokens.Where(t => t.Hash == AccessTokens.HashOf(expired)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.Kit.WithDbAsync(db => db.Users.Where(u => u.Id == locked.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddYears(1))));

        foreach (var token in new[] { null, "ptl_" + new string('x', 43), "not-even-ours", revoked, expired, lockedToken })
        {
            using var client = app.Client(token);
            using var answer = await client.GetAsync("/api/v1/me");

            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("Bearer", Assert.Single(answer.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Fact]
    public async Task TheSignInCookie_DoesNotOpenTheApi_AndATokenDoesNotOpenThePages()
    {
        var user = await app.Kit.Data.UserAsync("Api Cookie", null, PortalRoles.Manager);
        using var browser = new SignInClient(app.BaseAddress, "127.0.0.1");
        var signedIn = await browser.SignInAsync(user.Email!, CrmTestData.Password);
        Assert.True(signedIn.SignedIn);
        using var withToken = app.Client(await app.TokenAsync(user));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", signedIn.AuthCookie!.Split(';')[0]);

        using var api = await browser.SendAsync(request);
        using var page = await withToken.GetAsync("/crm/deals");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Making_AsksForANameAndAnExpiryOfAtMostAYear_AndKeepsOnlyAHash()
    {
        var user = await app.Kit.Data.UserAsync("Api Maker", null, PortalRoles.Manager);

        Assert.Equal((nameof(AccessToken.Name), CrmValidation.Required), Problem(await Tokens.CreateAsync(user.Id, "  ", 30)));
        Assert.Equal((nameof(AccessToken.Name), CrmValidation.TooLong), Problem(await Tokens.CreateAsync(user.Id, new string('n', AccessToken.NameMaxLength + 1), 30)));
        Assert.Equal((nameof(AccessToken.ExpiresAt), AccessTokens.BadExpiry), Problem(await Tokens.CreateAsync(user.Id, "Form", 0)));
        Assert.Equal((nameof(AccessToken.ExpiresAt), AccessTokens.BadExpiry), Problem(await Tokens.CreateAsync(user.Id, "Form", AccessToken.MaxDays + 1)));
        Assert.Empty(await Tokens.MineAsync(user.Id));

        var made = await Tokens.CreateAsync(user.Id, " Website form ", AccessToken.MaxDays);

        Assert.Matches("^ptl_[A-Za-z0-9_-]{43}$", made.Token);
        var row = Assert.Single(await Tokens.MineAsync(user.Id));
        Assert.Equal(("Website form", made.Token![..AccessToken.HintLength], "Api Maker"), (row.Name, row.Hint, row.OwnerName));
        Assert.Equal(AccessToken.MaxDays, (int)Math.Round((row.ExpiresAt - row.CreatedAt).TotalDays));
        var stored = await app.Kit.WithDbAsync(db => db.AccessTokens.AsNoTracking().SingleAsync(t => t.UserId == user.Id));
        Assert.DoesNotContain(made.Token[AccessToken.HintLength..], stored.Hash + stored.Hint + stored.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserHoldsAtMostTwentyUsableTokens()
    {
        var user = await app.Kit.Data.UserAsync("Api Hoarder", null, PortalRoles.Manager);
        for (var i = 0; i < AccessTokens.MaxUsablePerUser; i++)
        {
            await app.TokenAsync(user);
        }

        var refused = await Tokens.CreateAsync(user.Id, "One too many", 30);

        Assert.Equal((CommandStatus.Invalid, AccessTokens.TooMany), (refused.Result.Status, refused.Result.Reason));
        Assert.Null(refused.Token);
        Assert.Equal(AccessTokens.MaxUsablePerUser, (await Tokens.MineAsync(user.Id)).Count);
    }

    [Fact]
    public async Task AUserRevokesTheirOwn_NotAnothers_AnAdministratorRevokesAnyones()
    {
        var owner = await app.Kit.Data.UserAsync("Api Owner", null, PortalRoles.Manager);
        var other = await app.Kit.Data.UserAsync("Api Other", null, PortalRoles.Manager);
        var admin = await app.Kit.Data.UserAsync("Api Admin", null, PortalRoles.Administrator);
        var first = await app.TokenAsync(owner);
        var second = await app.TokenAsync(owner);
        var ids = (await Tokens.MineAsync(owner.Id)).ToDictionary(t => t.Hint, t => t.Id);

        Assert.Equal(CommandStatus.NoAccess, (await Tokens.RevokeAsync(other.Id, ids[first[..AccessToken.HintLength]])).Status);
        Assert.Null(await Tokens.AllAsync(other.Id));
        using (var stillOpen = app.Client(first))
        {
            Assert.Equal(HttpStatusCode.OK, (await stillOpen.GetAsync("/api/v1/me")).StatusCode);
        }

        Assert.True((await Tokens.RevokeAsync(owner.Id, ids[first[..AccessToken.HintLength]])).Succeeded);
        Assert.Contains(await Tokens.AllAsync(admin.Id) ?? [], t => t.Id == ids[second[..AccessToken.HintLength]] && t.OwnerName == "Api Owner");
        Assert.True((await Tokens.RevokeAsync(admin.Id, ids[second[..AccessToken.HintLength]])).Succeeded);
        Assert.Equal(CommandStatus.NotFound, (await Tokens.RevokeAsync(admin.Id, long.MaxValue)).Status);

        Assert.All(await Tokens.MineAsync(owner.Id), t => Assert.NotNull(t.RevokedAt));
        var audit = await app.Kit.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Area == Portal.Features.Audit.AuditArea.AccessTokens && (e.ActorId == owner.Id || e.ActorId == admin.Id)).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [(owner.Id, Portal.Features.Audit.AuditAction.Create), (owner.Id, Portal.Features.Audit.AuditAction.Create), (owner.Id, Portal.Features.Audit.AuditAction.Revoke), (admin.Id, Portal.Features.Audit.AuditAction.Revoke)],
            audit.Select(e => (e.ActorId!, e.Action)));
        Assert.EndsWith("· Api Owner", audit[^1].SubjectName, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, e => e.Changes.Any(c => (c.New ?? "").StartsWith(AccessToken.Prefix, StringComparison.Ordinal)));
        foreach (var token in new[] { first, second })
        {
            using var client = app.Client(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        }
    }

    private static (string? Field, string? Reason) Problem(NewAccessToken made)
    {
        Assert.Equal(CommandStatus.Invalid, made.Result.Status);
        Assert.Null(made.Token);
        return (made.Result.Field, made.Result.Reason);
    }
}
