using System.Text.RegularExpressions;
using Bunit;
using MudBlazor;
using Portal.Domain.Messaging;
using Portal.Domain.Security;
using Portal.Features.Audit;
using Portal.Features.Messaging;
using Portal.Features.Settings;
using Portal.Features.Webhooks;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Settings;

/// <summary>The audit trail page on a real database: what an administrator reads, filtered; nothing for anyone else.</summary>
public sealed partial class AuditPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task Administrator_ReadsTheChanges_AndNarrowsThemToAnArea()
    {
        var admin = await SignInAsAdministratorAsync();
        var host = $"h{Guid.NewGuid():N}.example";
        var role = $"Audited role {Guid.NewGuid():N}";
        Assert.True((await Service<WebhookHosts>().AllowAsync(admin.Id, host, true)).Succeeded);
        Assert.True((await Service<CrmRoleAdmin>().SaveAsync(admin.Id, new CrmRoleMatrix { Name = role })).Succeeded);
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains(role, cut.Markup, StringComparison.Ordinal));
        Assert.Contains($"Host: — → {host}", Changes(cut));
        Assert.Contains("Private network allowed: — → yes", Changes(cut));

        cut.Find("[data-testid=audit-area]").MouseDown();
        popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Webhook hosts").Click();
        cut.Find("[data-testid=audit-apply]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.DoesNotContain(role, cut.Markup, StringComparison.Ordinal);
            Assert.Contains(host, cut.Markup, StringComparison.Ordinal);
        });
        Assert.All(cut.FindAll("[data-testid=audit-what]"), what => Assert.Equal("Webhook hosts · allowed", Text(what.TextContent)));
        Assert.All(cut.FindAll("[data-testid=audit-who]"), who => Assert.Equal(admin.DisplayName, Text(who.TextContent)));
    }

    [Fact]
    public async Task ALinesToken_ShowsOnlyAsChanged()
    {
        var admin = await SignInAsAdministratorAsync();
        const string token = "EAAG-token-never-shown-4e1d";
        var created = await Service<LineAdmin>().CreateAsync(admin.Id, new LineDraft
        {
            Kind = LineKind.CloudApi,
            Name = $"Masked {Guid.NewGuid():N}"[..18],
            BaseUrl = "https://graph.example.com",
            ApiVersion = "v21.0",
            PhoneNumberId = "1234567890",
            AccessToken = token,
        });
        Assert.True(created.Succeeded, created.ToString());

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains("Access token: ••• changed", Changes(cut)));
        Assert.DoesNotContain(token, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_SeesNoAccess_AndNoEntries()
    {
        var manager = await Data.UserAsync($"Manager {Guid.NewGuid():N}", null);
        SignIn(manager.Id, manager.DisplayName, PortalRoles.Manager);

        var cut = Render<AuditPage>();

        cut.WaitForElement("[data-testid=no-access]");
        Assert.Empty(cut.FindAll("[data-testid=audit-entries]"));
    }

    private static List<string> Changes(IRenderedComponent<AuditPage> cut) =>
        cut.FindAll("[data-testid=audit-changes] li").Select(li => Text(li.TextContent)).ToList();

    private static string Text(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
