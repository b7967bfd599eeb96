using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Notifications;
using Portal.Domain.Security;
using Portal.Features.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Layout;

/// <summary>The app bar's bell on a real database: the unread count, the panel, and "mark all read".</summary>
public sealed class NotificationBellTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task TheBell_CountsTheUnread_ThePanelListsThem_AndMarkAllReadEmptiesTheCount()
    {
        var me = await Data.UserAsync("Bell Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("Bell deal", me);
        await WriteAsync(Notification.To(me.Id, "Call the client back", CrmEntityType.Deal, deal.Id, null, DateTimeOffset.UtcNow));
        await WriteAsync(Notification.To(me.Id, "Papers are signed", CrmEntityType.Deal, deal.Id, null, DateTimeOffset.UtcNow));
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();

        var bell = Render<NotificationBell>();

        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=notifications-badge]").TextContent.Trim()));
        Assert.Equal("Notifications: 2 unread", bell.Find("[data-testid=notifications-bell]").GetAttribute("aria-label"));
        bell.Find("[data-testid=notifications-bell]").Click();
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll("[data-testid=notification][data-unread=true]").Count));

        popovers.Find("[data-testid=notifications-mark-all]").Click();

        bell.WaitForAssertion(() => Assert.Empty(bell.FindAll("[data-testid=notifications-badge]")));
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll("[data-testid=notification][data-unread=false]").Count));
        Assert.Equal(0, await Service<NotificationInbox>().UnreadCountAsync(me.Id));
    }

    [Fact]
    public async Task WithNothingNew_ThePanelSaysSo()
    {
        var me = await Data.UserAsync("Quiet Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var bell = Render<NotificationBell>();

        bell.WaitForElement("[data-testid=notifications-bell]").Click();

        popovers.WaitForElement("[data-testid=notifications-empty]");
        Assert.Empty(bell.FindAll("[data-testid=notifications-badge]"));
    }

    private async Task WriteAsync(Notification notification)
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
    }
}
