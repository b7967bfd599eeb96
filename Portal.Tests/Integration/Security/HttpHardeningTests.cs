using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Messaging;
using Portal.Features.Audit;
using Portal.Hosting;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Security;

/// <summary>
/// The holes of issue 20's HTTP part, each tried with a real HTTP client against the portal on Kestrel: sign-in limits,
/// forwarded headers and Secure cookies, the security headers, the culture switch's return URL and the webhook's body.
/// </summary>
public class HttpHardeningTests(HardenedApp app) : IClassFixture<HardenedApp>
{
    [Fact]
    public async Task SignIn_OverTheAccountsLimit_IsRefusedEvenWithTheRightPassword_AnotherAccountIsNot()
    {
        var account = await app.UserAsync();
        var another = await app.UserAsync();
        for (var attempt = 1; attempt <= HardenedApp.PermitsPerAccount; attempt++)
        {
            // From a new address each time, and typed in another case once: the account is counted, not the text.
            var email = attempt == 1 ? account : account.ToUpperInvariant();
            Assert.True((await SignInAsync($"10.1.{attempt}.1", email)).SignedIn);
        }

        var refused = await SignInAsync("10.1.9.1", account);

        AssertRefused(refused);
        Assert.True((await SignInAsync("10.1.9.2", another)).SignedIn);
    }

    [Fact]
    public async Task SignIn_OverTheAddressLimit_IsRefused_TheSameAccountFromAnotherAddressIsNot()
    {
        var accounts = new List<string>();
        for (var i = 0; i <= HardenedApp.PermitsPerAddress; i++)
        {
            accounts.Add(await app.UserAsync());
        }

        foreach (var account in accounts.Take(HardenedApp.PermitsPerAddress))
        {
            Assert.True((await SignInAsync("10.2.0.1", account)).SignedIn);
        }

        AssertRefused(await SignInAsync("10.2.0.1", accounts[^1]));
        Assert.True((await SignInAsync("10.2.0.2", accounts[^1])).SignedIn);
    }

    [Fact]
    public async Task SignInAttempts_ThroughTheForm_AreAudited_WithTheirAddress_AndNeverThePassword()
    {
        const string address = "10.7.0.1", wrong = "Wrong#Password9";
        var account = await app.UserAsync();
        var stranger = $"nobody-{Guid.NewGuid():N}@example.com";
        Assert.True((await SignInAsync(address, account)).SignedIn);
        using (var client = new SignInClient(app.BehindProxy, address))
        {
            Assert.False((await client.SignInAsync(account, wrong)).SignedIn);
        }

        Assert.False((await SignInAsync(address, stranger)).SignedIn);
        AssertRefused(await SignInAsync(address, account));
        AssertRefused(await SignInAsync(address, account)); // a flood is one entry a window

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var entries = await db.AuditEntries.Where(e => e.Address == address).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [AuditAction.SignIn, AuditAction.SignInFailed, AuditAction.SignInFailed, AuditAction.SignInThrottled],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AuditArea.SignIn, e.Area));
        Assert.Null(entries[2].ActorId);
        Assert.Equal(stranger, entries[2].ActorName);
        Assert.NotNull(entries[1].ActorId);
        var rows = await db.Database.SqlQuery<string>($"SELECT row_to_json(a)::text AS \"Value\" FROM \"AuditEntries\" a").ToListAsync();
        Assert.DoesNotContain(rows, row => row.Contains(HardenedApp.Password, StringComparison.Ordinal) || row.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BehindATrustedProxy_HttpsAtTheProxy_MakesEveryCookieSecure()
    {
        using var client = new SignInClient(app.BehindProxy, "10.3.0.1", https: true);

        var answer = await client.SignInAsync(await app.UserAsync(), HardenedApp.Password);

        Assert.True(answer.SignedIn);
        AssertHardened(answer.AuthCookie!, secure: true);
        Assert.Contains("samesite=lax", answer.AuthCookie!, StringComparison.OrdinalIgnoreCase);
        AssertHardened(Assert.Single(answer.FormCookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)), secure: true);
        using var culture = await client.GetAsync("/culture?culture=ru&returnUrl=/");
        AssertHardened(Assert.Single(SignInClient.SetCookies(culture)), secure: true);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task HttpsAtATrustedProxy_IsAnsweredWithHsts(bool behindProxy, bool hsts)
    {
        using var client = new SignInClient(behindProxy ? app.BehindProxy : app.Direct, "10.3.0.2", https: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
        // A host of the web: HSTS is never sent for localhost.
        request.Headers.Host = "portal.example";

        using var answer = await client.SendAsync(request);

        Assert.Equal(hsts, answer.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WithoutATrustedProxy_ForwardedHeadersAreIgnored()
    {
        using var client = new SignInClient(app.Direct, "10.4.0.1", https: true);

        var answer = await client.SignInAsync(await app.UserAsync(), HardenedApp.Password);

        Assert.True(answer.SignedIn);
        AssertHardened(answer.AuthCookie!, secure: false);
        using var culture = await client.GetAsync("/culture?culture=ru&returnUrl=/");
        AssertHardened(Assert.Single(SignInClient.SetCookies(culture)), secure: false);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/login?ReturnUrl=%2Fcrm")]
    public async Task EveryPage_CarriesTheSecurityHeaders_AndItsImportMapTheNonceOfItsPolicy(string path)
    {
        using var client = new SignInClient(app.BehindProxy, "10.5.0.1");

        using var answer = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var policy = string.Join(", ", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(answer.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(answer.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0D%0A/evil.example")]
    [InlineData("%09/x")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("")]
    public async Task CultureSwitch_AReturnUrlThatIsNotALocalPath_GoesHome(string returnUrl)
    {
        using var client = new SignInClient(app.BehindProxy, "10.6.0.1");

        using var answer = await client.GetAsync($"/culture?culture=ru&returnUrl={returnUrl}");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CultureSwitch_ALocalPath_IsWhereItGoesBack()
    {
        using var client = new SignInClient(app.BehindProxy, "10.6.0.2");

        using var answer = await client.GetAsync("/culture?culture=ru&returnUrl=%2Fcrm%2Fdeals%3Fpage%3D2");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/crm/deals?page=2", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Webhook_UnknownLine_Answers404_BeforeItsBodyHasArrived()
    {
        // A megabyte announced, one byte sent: the answer cannot have waited for the body.
        var status = await StatusOfUnfinishedPostAsync(WebhookEndpoints.PathFor(int.MaxValue), "Content-Length: 1000000", "{"u8.ToArray());

        Assert.Equal((int)HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Webhook_ChunkedBodyPastOneMegabyte_Answers413_WithoutWaitingForItsEnd()
    {
        var line = await LineWithAppSecretAsync();
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        var chunks = new MemoryStream();
        for (var sent = 0; sent <= 1024 * 1024; sent += chunk.Length)
        {
            chunks.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            chunks.Write(chunk);
            chunks.Write("\r\n"u8);
        }

        // The last chunk (size 0) is never sent: a server that buffers the whole body would still be waiting.
        var status = await StatusOfUnfinishedPostAsync(WebhookEndpoints.PathFor(line), "Transfer-Encoding: chunked", chunks.ToArray());

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task Webhook_DeclaredLengthPastOneMegabyte_Answers413()
    {
        var line = await LineWithAppSecretAsync();

        var status = await StatusOfUnfinishedPostAsync(WebhookEndpoints.PathFor(line), "Content-Length: 1048577", []);

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task Webhook_ALineWithoutAnAppSecret_Answers401_BeforeItsBodyHasArrived()
    {
        var line = await LineWithAppSecretAsync(appSecret: null);

        var status = await StatusOfUnfinishedPostAsync(WebhookEndpoints.PathFor(line), "Content-Length: 1000000", "{"u8.ToArray());

        Assert.Equal((int)HttpStatusCode.Unauthorized, status);
    }

    [Theory]
    [InlineData("Portal:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "is not an IP address")]
    [InlineData("Portal:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "is not a network in CIDR notation")]
    public async Task AMalformedProxyAddress_StopsTheStart_AndSaysWhich(string key, string value, string said)
    {
        await using var factory = new PortalAppFactory(app.ConnectionString, ProcessRole.Web, new Dictionary<string, string> { [key] = value });

        var refused = Assert.ThrowsAny<Exception>(() => (object)factory.Services);

        Assert.Contains($"\"{value}\" {said}", refused.ToString(), StringComparison.Ordinal);
    }

    private async Task<SignInAnswer> SignInAsync(string address, string email)
    {
        using var client = new SignInClient(app.BehindProxy, address);
        return await client.SignInAsync(email, HardenedApp.Password);
    }

    private static void AssertRefused(SignInAnswer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Null(answer.AuthCookie);
        Assert.Contains("Too many sign-in attempts", answer.Html, StringComparison.Ordinal);
    }

    private static void AssertHardened(string cookie, bool secure)
    {
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, cookie.Split(';').Any(part => part.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// Sends a POST's head and the start of its body, never the end, and reads the status line of the answer: what a
    /// server says before the body is complete. A server that waits for the body never answers; the read gives up
    /// after half a minute so that such a server fails the test instead of hanging it.
    /// </summary>
    private async Task<int> StatusOfUnfinishedPostAsync(string path, string bodyHeader, byte[] bodyStart)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.BehindProxy.Host, app.BehindProxy.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {app.BehindProxy.Authority}\r\nContent-Type: application/json\r\n{bodyHeader}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bodyStart);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var statusLine = await reader.ReadLineAsync(patience.Token) ?? throw new InvalidOperationException("The connection closed without an answer.");
        return int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private async Task<int> LineWithAppSecretAsync(string? appSecret = "app-secret")
    {
        var secrets = app.Services.GetRequiredService<LineSecrets>();
        var line = WhatsAppLine.CloudApi(
            $"Webhook {Guid.NewGuid():N}", "+7 495 000-00-01", 80, new CloudApiSettings("https://graph.example.test/", "v21.0", "100200300"), secrets.Protect("token"));
        if (appSecret is not null)
        {
            line.ReplaceAppSecret(secrets.Protect(appSecret));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.WhatsAppLines.Add(line);
        await db.SaveChangesAsync();
        return line.Id;
    }
}
