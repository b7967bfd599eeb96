using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Data;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

[Collection(BrowserTests.Name)]
public class WhatsAppLinesTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Admin_CreatesACloudApiLine_AndTestSendsThroughIt() => WithPageAsync(async page =>
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = "test-token", PhoneNumberId = "1234567890", Version = "v21.0" });
        await new LoginPage(page).SignInAsync("admin@portal.local", "Admin#2026");
        await page.GotoAsync("/settings");

        // A link clicked before the page's circuit is up can be undone when it starts (the router renders the page it
        // was started for), so the click waits for it, as a person's would after the first paint.
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("settings-whatsapp-lines").ClickAsync();
        await Expect(page.GetByTestId("lines-page")).ToBeVisibleAsync();
        await new Shell(page).WaitUntilInteractiveAsync();

        await page.GetByTestId("lines-new").ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog).Filter(new() { Has = page.GetByTestId("line-editor") });
        await Expect(editor.GetByTestId("line-base-url")).ToHaveValueAsync("https://graph.facebook.com");
        await Expect(editor.GetByTestId("line-api-version")).ToHaveValueAsync("v21.0");
        var name = $"Cloud {Guid.NewGuid():N}"[..14];

        // A name over the limit is not cut as it is typed: the count says how far over it is.
        var tooLong = name.PadRight(Portal.Domain.Messaging.WhatsAppLine.NameMaxLength + 1, 'x');
        await editor.GetByTestId("line-name").FillAsync(tooLong);
        await Expect(editor.GetByTestId("line-name")).ToHaveValueAsync(tooLong);
        await Expect(editor.GetByTestId("line-name-count")).ToHaveTextAsync("101 / 100");
        await editor.GetByTestId("line-name").FillAndCommitAsync(name);
        await Expect(editor.GetByTestId("line-name-count")).ToHaveTextAsync("14 / 100");
        await editor.GetByTestId("line-base-url").FillAndCommitAsync(fake.BaseAddress.ToString());
        await editor.GetByTestId("line-phone-number-id").FillAndCommitAsync("1234567890");

        // The fake is plain http: refused on the base URL until plain http is allowed for the line.
        await editor.GetByTestId("line-save").ClickAsync();
        await Expect(editor.GetByTestId("line-error-BaseUrl")).ToHaveTextAsync("Use an https address. Plain http only for a test server: tick “Allow plain http” below.");
        await editor.GetByTestId("line-allow-http").CheckAsync();
        await Expect(editor.GetByTestId("line-allow-http-hint")).ToBeVisibleAsync();

        // Without the token: refused on the field, nothing typed is lost.
        await editor.GetByTestId("line-save").ClickAsync();
        await Expect(editor.GetByTestId("line-error-AccessToken")).ToHaveTextAsync("A Cloud API line needs its access token.");
        await Expect(editor.GetByTestId("line-name")).ToHaveValueAsync(name);
        await Expect(editor.GetByTestId("line-base-url")).ToHaveValueAsync(fake.BaseAddress.ToString());

        await editor.GetByTestId("line-token").FillAndCommitAsync("test-token");
        await editor.GetByTestId("line-save").ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);
        var id = await LineIdAsync(name);
        await Expect(page.GetByTestId("lines-message")).ToContainTextAsync($"The line {name} is created.");
        await Expect(page.GetByTestId($"line-kind-{id}")).ToHaveTextAsync("Cloud API");

        // Opened again: the token is never shown, only that one is stored; the webhook address is there to copy.
        await page.GetByTestId($"line-edit-{id}").ClickAsync();
        await Expect(editor.GetByTestId("line-token")).ToHaveValueAsync("");
        await Expect(editor.GetByTestId("line-token-hint")).ToHaveTextAsync("A token is stored; leave empty to keep it.");
        await Expect(editor.GetByTestId("line-webhook-url")).ToHaveValueAsync($"{Fixture.BaseAddress.ToString().TrimEnd('/')}/api/whatsapp/webhook/{id}");
        await editor.GetByTestId("line-cancel").ClickAsync();
        await Expect(editor).ToHaveCountAsync(0);

        await page.GetByTestId($"line-test-{id}").ClickAsync();
        var test = page.GetByRole(AriaRole.Dialog).Filter(new() { Has = page.GetByTestId("line-test") });
        await test.GetByTestId("line-test-to").FillAndCommitAsync("8 (999) 123-45-67");
        await test.GetByTestId("line-test-send").ClickAsync();

        await Expect(test.GetByTestId("line-test-outcome")).ToHaveTextAsync("WhatsApp accepted the message to +79991234567.");
        var messageId = await test.GetByTestId("line-test-message-id").InnerTextAsync();
        Assert.StartsWith("wamid.", messageId, StringComparison.Ordinal);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("79991234567", request.To);
        Assert.Equal(messageId, request.MessageIdReturned);
    });

    [Fact]
    public Task Manager_CannotOpenTheLines_ButSeesTheSandboxInbox() => WithPageAsync(async page =>
    {
        await new LoginPage(page).SignInAsync("manager@portal.local", "Manager#2026");

        await page.GotoAsync("/settings/whatsapp-lines");
        await Expect(page.GetByTestId("no-access")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("lines-page")).ToHaveCountAsync(0);

        await page.GotoAsync("/runs");
        await new Shell(page).WaitUntilInteractiveAsync();
        await page.GetByTestId("runs-sandbox-inbox").ClickAsync();
        await Expect(page.GetByTestId("inbox-page")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("inbox-line")).ToContainTextAsync(ReferenceDataSeeder.SandboxLineName);
    });

    private async Task<int> LineIdAsync(string name)
    {
        await using var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.WhatsAppLines.Where(l => l.Name == name).Select(l => l.Id).SingleAsync();
    }
}
