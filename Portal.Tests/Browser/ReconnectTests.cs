using Microsoft.Playwright;
using Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.Browser;

/// <summary>Stops the server under an open page; has a server (and database) of its own.</summary>
public sealed class ReconnectTests : IClassFixture<ReconnectTests.Server>
{
    private readonly Server _server;

    public ReconnectTests(Server server) => _server = server;

    [Fact]
    public async Task ServerGoesAway_ThePageSaysTheConnectionIsLost()
    {
        var page = await _server.NewPageAsync();
        await new LoginPage(page).SignInAsync("manager@portal.local", "Manager#2026");
        var modal = page.Locator("#components-reconnect-modal");
        await Expect(modal).ToBeHiddenAsync();

        await _server.App.DisposeAsync();

        await Expect(modal).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(modal).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
            "Connection to the server lost|Could not reconnect to the server"));
    }

    public sealed class Server : BrowserFixture;
}
