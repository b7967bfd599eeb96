using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Security;
using Portal.Features.Webhooks;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Webhooks;

/// <summary>Settings → Webhook hosts on a real database: allowing a host, refusing a bad one on its field, removing one.</summary>
public sealed class WebhookHostsPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task AHost_IsAllowed_AsAPlainLowerCaseName_ForAPrivateNetworkWhenTicked()
    {
        await SignInAsAdministratorAsync();
        var host = $"{Guid.NewGuid():N}.Hooks.Example";
        var snackbars = Render<MudSnackbarProvider>();
        var page = Render<WebhookHostsPage>();

        page.WaitForElement("[data-testid=webhooks-host]").Change(host);
        page.Find("[data-testid=webhooks-private]").Change(true);
        page.Find("[data-testid=webhooks-add]").Click();

        var stored = host.ToLowerInvariant();
        page.WaitForAssertion(() => Assert.Equal(stored, page.Find($"[data-testid='webhook-host-{stored}']").TextContent));
        snackbars.WaitForAssertion(() => Assert.Contains($"{stored} is allowed.", snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal(string.Empty, page.Find("[data-testid=webhooks-host]").GetAttribute("value") ?? string.Empty);
        Assert.True(await AllowsPrivateAsync(stored));
    }

    [Theory]
    [InlineData("https://hooks.example.com/in", "Enter a host name (hooks.example.com) or an IP address, without https:// or a path.")]
    [InlineData("", "Enter a host name (hooks.example.com) or an IP address, without https:// or a path.")]
    public async Task ABadHost_IsRefusedOnItsField_AndNothingIsSaved(string host, string error)
    {
        await SignInAsAdministratorAsync();
        var before = await CountAsync();
        var page = Render<WebhookHostsPage>();

        page.WaitForElement("[data-testid=webhooks-host]").Change(host);
        page.Find("[data-testid=webhooks-add]").Click();

        page.WaitForAssertion(() => Assert.Equal(error, page.Find(".mud-input-helper-text.mud-input-error").TextContent.Trim()));
        Assert.Equal(host, page.Find("[data-testid=webhooks-host]").GetAttribute("value"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task AListedHost_IsRemoved_OnceConfirmed()
    {
        var admin = (await SignInAsAdministratorAsync()).Id;
        var host = $"{Guid.NewGuid():N}.hooks.example";
        Assert.True((await Service<WebhookHosts>().AllowAsync(admin, host, false)).Succeeded);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<WebhookHostsPage>();

        page.WaitForElement($"[data-testid='webhook-remove-{host}']").Click();
        dialogs.WaitForElement(".mud-message-box__yes-button").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid='webhook-host-{host}']")));
        Assert.Null(await AllowsPrivateAsync(host));
    }

    [Fact]
    public async Task AManager_SeesNoList()
    {
        var manager = await Data.UserAsync("Webhook manager", null, PortalRoles.Manager);
        SignIn(manager.Id, manager.DisplayName, PortalRoles.Manager);

        var page = Render<WebhookHostsPage>();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=webhooks-grid]")));
        Assert.Equal(Features.Crm.CommandStatus.NoAccess, (await Service<WebhookHosts>().AllowAsync(manager.Id, "sneaky.example", true)).Status);
    }

    private async Task<bool?> AllowsPrivateAsync(string host)
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.WebhookHosts.Where(h => h.Host == host).Select(h => (bool?)h.AllowPrivateNetwork).SingleOrDefaultAsync();
    }

    private async Task<int> CountAsync()
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.WebhookHosts.CountAsync();
    }
}
