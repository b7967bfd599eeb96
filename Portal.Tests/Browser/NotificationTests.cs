using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Notifications;
using Portal.Features.Notifications;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class NotificationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string ManagerEmail = "manager@portal.local";
    private const string ManagerPassword = "Manager#2026";

    private CrmTestData Data => new(Fixture.App.Services);

    [Fact]
    public Task ANotificationWrittenByAWorker_ShowsOnTheBell_AndClickingItOpensTheDeal() => WithPageAsync(async page =>
    {
        var manager = await UserAsync(ManagerEmail);
        var admin = await UserAsync("admin@portal.local");
        var deal = await Data.DealAsync("Deal to look at", manager);
        await new LoginPage(page).SignInAsync(ManagerEmail, ManagerPassword);
        await Inbox.MarkAllReadAsync(manager.Id);
        await Expect(page.GetByTestId("notifications-bell")).ToBeVisibleAsync();

        // Written behind the page's back, as the run engine's worker does: the bell's timer finds it.
        await WriteAsync(Notification.To(manager.Id, "Call the client back today", CrmEntityType.Deal, deal.Id, admin.Id, DateTimeOffset.UtcNow));
        await Expect(page.GetByTestId("notifications-badge")).ToHaveTextAsync("1", new() { Timeout = 30_000 });

        await page.GetByTestId("notifications-bell").ClickAsync();
        var item = page.GetByTestId("notification").Filter(new() { HasText = "Call the client back today" });
        await Expect(item).ToHaveAttributeAsync("data-unread", "true");
        await Expect(item).ToContainTextAsync(admin.DisplayName!);

        await item.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/crm/deals/{deal.Id}$"));
        await Expect(page.GetByTestId("card-title")).ToHaveTextAsync("Deal to look at");
        await Expect(page.GetByTestId("notifications-badge")).ToHaveCountAsync(0);
        Assert.Equal(0, await Inbox.UnreadCountAsync(manager.Id));

        await page.GetByTestId("notifications-bell").ClickAsync();
        await Expect(item).ToHaveAttributeAsync("data-unread", "false");
    });

    [Fact]
    public Task Support_ReadsANotificationAboutADeal_WithoutBeingSentToACardItCannotOpen() => WithPageAsync(async page =>
    {
        var manager = await UserAsync(ManagerEmail);
        var support = await UserAsync("support@portal.local");
        var deal = await Data.DealAsync("Deal support hears about", manager);
        await WriteAsync(Notification.To(support.Id, "The customer called about their deal", CrmEntityType.Deal, deal.Id, manager.Id, DateTimeOffset.UtcNow));
        await new LoginPage(page).SignInAsync("support@portal.local", "Support#2026");
        var address = page.Url;

        await page.GetByTestId("notifications-bell").ClickAsync();
        var item = page.GetByTestId("notification").Filter(new() { HasText = "The customer called about their deal" });
        await Expect(item).ToHaveAttributeAsync("data-unread", "true");
        await item.ClickAsync();

        // Marked read where it is; the deal's card would only say "access denied".
        await Expect(item).ToHaveAttributeAsync("data-unread", "false");
        Assert.Equal(address, page.Url);
    });

    private NotificationInbox Inbox => Fixture.App.Services.GetRequiredService<NotificationInbox>();

    private async Task<PortalUser> UserAsync(string email)
    {
        await using var scope = Fixture.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email))!;
    }

    private async Task WriteAsync(Notification notification)
    {
        await using var scope = Fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
    }
}
