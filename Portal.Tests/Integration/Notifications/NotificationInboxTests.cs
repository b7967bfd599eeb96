using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Notifications;
using Portal.Features.Notifications;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Notifications;

public class NotificationInboxTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private NotificationInbox Inbox => app.Services.GetRequiredService<NotificationInbox>();

    [Fact]
    public async Task UnreadCount_CountsOnlyTheUsersOwnUnreadOnes()
    {
        var me = await _data.UserAsync("Inbox owner", null);
        var other = await _data.UserAsync("Inbox other", null);
        var read = await WriteAsync(me.Id, "Already read");
        await WriteAsync(me.Id, "First");
        await WriteAsync(me.Id, "Second");
        await WriteAsync(other.Id, "Not mine");
        await Inbox.MarkReadAsync(me.Id, read.Id);

        Assert.Equal(2, await Inbox.UnreadCountAsync(me.Id));
        Assert.Equal(1, await Inbox.UnreadCountAsync(other.Id));
    }

    [Fact]
    public async Task Newest_ComesNewestFirst_LimitedWithSenderAndLink()
    {
        var me = await _data.UserAsync("Inbox reader", null);
        var sender = await _data.UserAsync("Scenario launcher", null);
        var deal = await _data.DealAsync("Notified deal", me);
        await WriteAsync(me.Id, "Oldest");
        await WriteAsync(me.Id, "Middle", CrmEntityType.Lead, 7);
        await WriteAsync(me.Id, "Newest", CrmEntityType.Deal, deal.Id, sender.Id);

        var two = await Inbox.NewestAsync(me.Id, limit: 2);

        Assert.Equal(["Newest", "Middle"], two.Select(n => n.Text));
        Assert.Equal(("Scenario launcher", $"/crm/deals/{deal.Id}", false), (two[0].FromName, two[0].Link, two[0].IsRead));
        Assert.Equal(((string?)null, "/crm/leads/7"), (two[1].FromName, two[1].Link));
        var all = await Inbox.NewestAsync(me.Id);
        Assert.Null(all.Single(n => n.Text == "Oldest").Link);
    }

    [Fact]
    public async Task MarkRead_MarksOne_AndMarkAllRead_TheRest()
    {
        var me = await _data.UserAsync("Inbox marker", null);
        var first = await WriteAsync(me.Id, "One");
        await WriteAsync(me.Id, "Two");
        await WriteAsync(me.Id, "Three");

        Assert.True(await Inbox.MarkReadAsync(me.Id, first.Id));
        Assert.True(await Inbox.MarkReadAsync(me.Id, first.Id));
        Assert.Equal(2, await Inbox.UnreadCountAsync(me.Id));
        Assert.True((await Inbox.NewestAsync(me.Id)).Single(n => n.Id == first.Id).IsRead);

        Assert.Equal(2, await Inbox.MarkAllReadAsync(me.Id));
        Assert.Equal(0, await Inbox.UnreadCountAsync(me.Id));
        Assert.All(await Inbox.NewestAsync(me.Id), n => Assert.True(n.IsRead));
    }

    [Fact]
    public async Task AnotherUsersNotification_CannotBeMarkedOrListed()
    {
        var me = await _data.UserAsync("Inbox intruder", null);
        var victim = await _data.UserAsync("Inbox victim", null);
        var theirs = await WriteAsync(victim.Id, "Private");

        Assert.False(await Inbox.MarkReadAsync(me.Id, theirs.Id));
        Assert.Equal(0, await Inbox.MarkAllReadAsync(me.Id));
        Assert.Empty(await Inbox.NewestAsync(me.Id));

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Notifications.SingleAsync(n => n.Id == theirs.Id);
        Assert.Null(stored.ReadAt);
        Assert.Equal(1, await Inbox.UnreadCountAsync(victim.Id));
    }

    private async Task<Notification> WriteAsync(string userId, string text, CrmEntityType? type = null, long? id = null, string? fromUserId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var notification = Notification.To(userId, text, type, id, fromUserId, DateTimeOffset.UtcNow);
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification;
    }
}
