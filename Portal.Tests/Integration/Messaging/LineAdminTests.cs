using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Connectors.WhatsApp;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Messaging;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;

namespace Portal.Tests.Integration.Messaging;

/// <summary>WhatsApp line administration against the real database, with a fake Cloud API where a test sends.</summary>
public class LineAdminTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Token = "test-token";

    private readonly CrmTestData _data = new(app.Services);

    private LineAdmin Lines => app.Services.GetRequiredService<LineAdmin>();

    [Fact]
    public async Task NonAdministrator_IsRefusedEveryCommand_AndNothingIsWritten()
    {
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, new Uri("http://127.0.0.1:9/"));
        var before = await SnapshotAsync(id);
        foreach (var role in new[] { PortalRoles.Manager, PortalRoles.Support })
        {
            var user = await _data.UserAsync($"Not an admin ({role})", null, role);
            var draft = await Lines.GetAsync(admin.Id, id);
            draft!.Name = "Renamed by " + role;

            Assert.Null(await Lines.ListAsync(user.Id));
            Assert.Null(await Lines.GetAsync(user.Id, id));
            Assert.Equal(CommandStatus.NoAccess, (await Lines.CreateAsync(user.Id, CloudDraft(Unique("Refused"), new Uri("http://127.0.0.1:9/")))).Status);
            Assert.Equal(CommandStatus.NoAccess, (await Lines.SaveAsync(user.Id, draft)).Status);
            Assert.Equal(CommandStatus.NoAccess, (await Lines.SetActiveAsync(user.Id, id, false)).Status);
            Assert.Equal(CommandStatus.NoAccess, (await Lines.TestSendAsync(user.Id, id, "+79991234567", "Hello")).Status);
            Assert.False(await Lines.IsAdministratorAsync(user.Id));
        }

        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task CloudApiLine_StoresItsTokenEncrypted_AndAnEmptyTokenFieldKeepsIt()
    {
        var admin = await AdminAsync();
        var secrets = app.Services.GetRequiredService<LineSecrets>();
        var draft = CloudDraft(Unique("Encrypted"), new Uri("https://graph.example.test/"), "EAAG-very-secret-token");
        draft.AppSecret = "app-secret-42";

        var created = await Lines.CreateAsync(admin.Id, draft);

        Assert.True(created.Succeeded, created.ToString());
        var id = (int)created.Id!.Value;
        var stored = await WithDbAsync(db => db.WhatsAppLines.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.NotNull(stored.ProtectedAccessToken);
        Assert.DoesNotContain("very-secret", stored.ProtectedAccessToken, StringComparison.Ordinal);
        Assert.Equal("EAAG-very-secret-token", secrets.TryUnprotect(stored.ProtectedAccessToken));
        Assert.Equal("app-secret-42", secrets.TryUnprotect(stored.ProtectedAppSecret));
        Assert.Equal("https://graph.example.test", stored.BaseUrl);

        var edit = await Lines.GetAsync(admin.Id, id);
        Assert.NotNull(edit);
        Assert.True(edit.HasAccessToken);
        Assert.True(edit.HasAppSecret);
        Assert.Null(edit.AccessToken);
        Assert.Null(edit.AppSecret);
        edit.Name += " renamed";
        edit.RatePerSecond = 20;
        Assert.True((await Lines.SaveAsync(admin.Id, edit)).Succeeded);

        var kept = await WithDbAsync(db => db.WhatsAppLines.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal(edit.Name, kept.Name);
        Assert.Equal(20, kept.RatePerSecond);
        Assert.Equal("EAAG-very-secret-token", secrets.TryUnprotect(kept.ProtectedAccessToken));
        Assert.Equal("app-secret-42", secrets.TryUnprotect(kept.ProtectedAppSecret));

        var replace = await Lines.GetAsync(admin.Id, id);
        replace!.AccessToken = "  a-new-token  ";
        replace.RemoveAppSecret = true;
        Assert.True((await Lines.SaveAsync(admin.Id, replace)).Succeeded);
        var replaced = await WithDbAsync(db => db.WhatsAppLines.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal("a-new-token", secrets.TryUnprotect(replaced.ProtectedAccessToken));
        Assert.Null(replaced.ProtectedAppSecret);
    }

    [Fact]
    public async Task CloudApiLine_WithoutAToken_IsRefusedOnTheTokenField()
    {
        var admin = await AdminAsync();
        var count = await LineCountAsync();

        var result = await Lines.CreateAsync(admin.Id, CloudDraft(Unique("No token"), new Uri("https://graph.facebook.com"), token: "   "));

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal(nameof(LineDraft.AccessToken), result.Field);
        Assert.Equal(CrmValidation.Required, result.Reason);
        Assert.Equal(count, await LineCountAsync());
    }

    [Fact]
    public async Task SandboxLine_IsCreatedWithoutProviderSettings_AndCanBeSwitchedOff()
    {
        var admin = await AdminAsync();
        var name = Unique("Sandbox two");

        var created = await Lines.CreateAsync(admin.Id, new LineDraft { Kind = LineKind.Sandbox, Name = name, RatePerSecond = 5, PhoneNumber = "+7 495 000-00-00" });

        Assert.True(created.Succeeded, created.ToString());
        var id = (int)created.Id!.Value;
        var row = Assert.Single((await Lines.ListAsync(admin.Id))!, l => l.Id == id);
        Assert.Equal(LineKind.Sandbox, row.Kind);
        Assert.Equal(5, row.RatePerSecond);
        Assert.Equal("+7 495 000-00-00", row.PhoneNumber);
        Assert.False(row.HasAccessToken);
        Assert.True(row.IsActive);

        Assert.True((await Lines.SetActiveAsync(admin.Id, id, false)).Succeeded);
        Assert.False((await Lines.ListAsync(admin.Id))!.Single(l => l.Id == id).IsActive);
        Assert.Equal(CommandStatus.NotFound, (await Lines.SetActiveAsync(admin.Id, -1, false)).Status);
    }

    [Fact]
    public async Task SavingAnOutdatedCopy_IsAConflict_AndNothingOfItIsWritten()
    {
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, new Uri("https://graph.facebook.com"));
        var first = await Lines.GetAsync(admin.Id, id);
        var second = await Lines.GetAsync(admin.Id, id);
        first!.Name += " (first)";
        second!.Name += " (second)";
        second.RatePerSecond = 3;

        Assert.True((await Lines.SaveAsync(admin.Id, first)).Succeeded);
        var outdated = await Lines.SaveAsync(admin.Id, second);

        Assert.Equal(CommandStatus.Conflict, outdated.Status);
        var stored = await WithDbAsync(db => db.WhatsAppLines.AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal(first.Name, stored.Name);
        Assert.Equal(WhatsAppLine.DefaultRatePerSecond, stored.RatePerSecond);

        // The switch moves the version on too: an editor opened before it is outdated.
        var third = await Lines.GetAsync(admin.Id, id);
        Assert.True((await Lines.SetActiveAsync(admin.Id, id, false)).Succeeded);
        Assert.Equal(CommandStatus.Conflict, (await Lines.SaveAsync(admin.Id, third!)).Status);
    }

    [Theory]
    [InlineData("ftp://graph.facebook.com", 80, null, "BaseUrl", CrmValidation.Invalid)]
    [InlineData("graph.facebook.com", 80, null, "BaseUrl", CrmValidation.Invalid)]
    [InlineData("https://graph.facebook.com?x=1", 80, null, "BaseUrl", CrmValidation.Invalid)]
    [InlineData("http://graph.facebook.com", 80, null, "BaseUrl", WhatsAppLine.PlainHttpRefused)]
    [InlineData("https://graph.facebook.com", 0, null, "RatePerSecond", CrmValidation.Invalid)]
    [InlineData("https://graph.facebook.com", 1001, null, "RatePerSecond", CrmValidation.Invalid)]
    [InlineData("https://graph.facebook.com", 80, "v21/../x", "ApiVersion", CrmValidation.Invalid)]
    [InlineData("https://graph.facebook.com", 80, "", "ApiVersion", CrmValidation.Required)]
    public async Task InvalidValues_AreFieldErrors_OnCreateAndSave_AndNothingIsWritten(string baseUrl, int rate, string? version, string field, string reason)
    {
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, new Uri("https://graph.facebook.com"));
        var before = await SnapshotAsync(id);
        var count = await LineCountAsync();
        var draft = CloudDraft(Unique("Invalid"), new Uri("https://graph.facebook.com"));
        draft.BaseUrl = baseUrl;
        draft.RatePerSecond = rate;
        draft.ApiVersion = version ?? draft.ApiVersion;
        var edit = (await Lines.GetAsync(admin.Id, id))!;
        edit.Name += " changed";
        edit.BaseUrl = baseUrl;
        edit.RatePerSecond = rate;
        edit.ApiVersion = version ?? edit.ApiVersion;

        var created = await Lines.CreateAsync(admin.Id, draft);
        var saved = await Lines.SaveAsync(admin.Id, edit);

        foreach (var result in new[] { created, saved })
        {
            Assert.Equal(CommandStatus.Invalid, result.Status);
            Assert.Equal(field, result.Field);
            Assert.Equal(reason, result.Reason);
        }

        Assert.Equal(count, await LineCountAsync());
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task ATakenName_IsAFriendlyFieldError_AndNothingIsWritten()
    {
        var admin = await AdminAsync();
        var first = await CreateCloudLineAsync(admin, new Uri("https://graph.facebook.com"));
        var second = await CreateCloudLineAsync(admin, new Uri("https://graph.facebook.com"));
        var firstName = (await Lines.GetAsync(admin.Id, first))!.Name;
        var before = await SnapshotAsync(second);
        var count = await LineCountAsync();

        var created = await Lines.CreateAsync(admin.Id, CloudDraft($"  {firstName} ", new Uri("https://graph.facebook.com")));
        var sandbox = await Lines.CreateAsync(admin.Id, new LineDraft { Kind = LineKind.Sandbox, Name = ReferenceDataSeeder.SandboxLineName });
        var edit = (await Lines.GetAsync(admin.Id, second))!;
        edit.Name = firstName;
        edit.RatePerSecond = 7;
        var saved = await Lines.SaveAsync(admin.Id, edit);

        foreach (var result in new[] { created, sandbox, saved })
        {
            Assert.Equal(CommandStatus.Invalid, result.Status);
            Assert.Equal(nameof(LineDraft.Name), result.Field);
            Assert.Equal(LineAdmin.Duplicate, result.Reason);
        }

        Assert.Equal(count, await LineCountAsync());
        Assert.Equal(before, await SnapshotAsync(second));

        // Its own name is not taken by itself.
        var unchanged = (await Lines.GetAsync(admin.Id, second))!;
        Assert.True((await Lines.SaveAsync(admin.Id, unchanged)).Succeeded);
    }

    [Fact]
    public async Task TestSend_ThroughTheCloudApi_ReturnsTheProvidersMessageId()
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token, PhoneNumberId = "1234567890", Version = "v21.0" });
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, fake.BaseAddress);

        var result = await Lines.TestSendAsync(admin.Id, id, "8 (999) 123-45-67", "Hello from the test");

        Assert.Equal(CommandStatus.Ok, result.Status);
        var answer = Assert.IsType<TestSendAnswer>(result.Answer);
        Assert.True(answer.Accepted);
        Assert.Equal("+79991234567", answer.To);
        Assert.StartsWith("wamid.", answer.MessageId, StringComparison.Ordinal);
        Assert.Equal(200, answer.HttpStatus);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("79991234567", request.To);
        Assert.Equal("Hello from the test", request.Body);
        Assert.Equal(answer.MessageId, request.MessageIdReturned);
        var message = await WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().SingleAsync(m => m.Id == result.Outcome.Id));
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.Equal(answer.MessageId, message.ProviderMessageId);
        Assert.Equal(admin.Id, message.CreatedById);
        Assert.Null(message.RunId);
    }

    [Fact]
    public async Task TestSend_WithAWrongToken_Returns401And190_WithTheExplanation()
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token });
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, fake.BaseAddress, token: "not-the-token");
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        TestSendResult result;
        TestSendResult russian;
        try
        {
            result = await Lines.TestSendAsync(admin.Id, id, "+7 999 123-45-67", "Hello");
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ru-RU");
            russian = await Lines.TestSendAsync(admin.Id, id, "+7 999 123-45-67", "Hello");
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        var answer = Assert.IsType<TestSendAnswer>(result.Answer);
        Assert.False(answer.Accepted);
        Assert.Null(answer.MessageId);
        Assert.Equal(401, answer.HttpStatus);
        Assert.Equal(190, answer.ProviderCode);
        Assert.Contains("access token", answer.ProviderMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("The line's access token is invalid or expired", answer.Explanation);
        Assert.NotEqual(answer.Explanation, russian.Answer!.Explanation);
        Assert.Equal(2, fake.Requests.Count);
        var message = await WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().SingleAsync(m => m.Id == result.Outcome.Id));
        Assert.Equal(MessageStatus.Failed, message.Status);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task MovingALineElsewhere_WithoutTypingTheTokenAgain_IsRefusedOnTheToken_AndTheOldTokenNeverReachesTheNewPlace(bool newBaseUrl, bool newNumberId)
    {
        await using var before = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token, PhoneNumberId = "1234567890" });
        await using var after = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = "new-token", PhoneNumberId = newNumberId ? "555" : "1234567890" });
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, before.BaseAddress);
        var edit = (await Lines.GetAsync(admin.Id, id))!;
        edit.BaseUrl = (newBaseUrl ? after : before).BaseAddress.ToString();
        edit.PhoneNumberId = newNumberId ? "555" : edit.PhoneNumberId;
        var snapshot = await SnapshotAsync(id);

        var refused = await Lines.SaveAsync(admin.Id, edit);
        var stillThere = await Lines.TestSendAsync(admin.Id, id, "+79991234567", "Still the old place");

        Assert.Equal((CommandStatus.Invalid, nameof(LineDraft.AccessToken), LineAdmin.TokenAgain), (refused.Status, refused.Field, refused.Reason));
        Assert.Equal(snapshot, await SnapshotAsync(id));
        Assert.True(stillThere.Answer!.Accepted);

        edit.AccessToken = "new-token";
        Assert.True((await Lines.SaveAsync(admin.Id, edit)).Succeeded);
        var moved = await Lines.TestSendAsync(admin.Id, id, "+79991234567", "The new place");

        // Every request to the new place (the other server, or the other number's path) carries the new token, never the old.
        var newPlace = newBaseUrl ? after.Requests : before.Requests.Where(r => r.Path.Contains("/555/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(newPlace);
        Assert.All(newPlace, r => Assert.Equal("Bearer new-token", r.Authorization));
        Assert.Equal(newBaseUrl, moved.Answer!.Accepted);
    }

    [Fact]
    public async Task TestSend_ToAProviderThatRedirects_FailsSayingSo_AndTheRedirectTargetGetsNothing()
    {
        await using var target = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token });
        await using var redirecting = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token });
        redirecting.DefaultFault = FakeFault.RedirectTo(target.BaseAddress);
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, redirecting.BaseAddress);

        var result = await Lines.TestSendAsync(admin.Id, id, "+79991234567", "Hello");

        var answer = Assert.IsType<TestSendAnswer>(result.Answer);
        Assert.False(answer.Accepted);
        Assert.Equal(307, answer.HttpStatus);
        Assert.Contains("redirect", answer.ProviderMessage, StringComparison.Ordinal);
        Assert.Single(redirecting.Requests);
        Assert.Empty(target.Requests);
        var message = await WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().SingleAsync(m => m.Id == result.Outcome.Id));
        Assert.Equal(MessageStatus.Failed, message.Status);
    }

    [Theory]
    [InlineData("12", "TooShort")]
    [InlineData("", "Empty")]
    [InlineData("+7 999 123-45-67 доб. 5", "InvalidCharacters")]
    [InlineData("8 (199) 123-45-67", "NotInNumberingPlan")]
    public async Task TestSend_ToANumberThatIsNone_IsAFieldError_AndNothingReachesTheProvider(string to, string reason)
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token });
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, fake.BaseAddress);
        var messages = await WithDbAsync(db => db.WhatsAppMessages.CountAsync());

        var result = await Lines.TestSendAsync(admin.Id, id, to, "Hello");

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal("To", result.Outcome.Field);
        Assert.Equal(reason, result.Outcome.Reason);
        Assert.Null(result.Answer);
        Assert.Empty(fake.Requests);
        Assert.Equal(messages, await WithDbAsync(db => db.WhatsAppMessages.CountAsync()));
    }

    [Fact]
    public async Task TestSend_WithoutTextOrThroughALineSwitchedOff_IsRefused_AndNothingReachesTheProvider()
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = Token });
        var admin = await AdminAsync();
        var id = await CreateCloudLineAsync(admin, fake.BaseAddress);

        var empty = await Lines.TestSendAsync(admin.Id, id, "+79991234567", "  ");
        var tooLong = await Lines.TestSendAsync(admin.Id, id, "+79991234567", new string('a', WhatsAppMessage.TextMaxLength + 1));
        await Lines.SetActiveAsync(admin.Id, id, false);
        var off = await Lines.TestSendAsync(admin.Id, id, "+79991234567", "Hello");
        var missing = await Lines.TestSendAsync(admin.Id, -1, "+79991234567", "Hello");

        Assert.Equal(("Text", CrmValidation.Required), (empty.Outcome.Field, empty.Outcome.Reason));
        Assert.Equal(("Text", CrmValidation.TooLong, WhatsAppMessage.TextMaxLength), (tooLong.Outcome.Field, tooLong.Outcome.Reason, tooLong.Outcome.Limit));
        Assert.Equal(("Line", LineAdmin.Inactive), (off.Outcome.Field, off.Outcome.Reason));
        Assert.Equal(CommandStatus.NotFound, missing.Status);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task SandboxInbox_ShowsALinesMessagesNewestFirst_PageByPage_ToThoseWhoMaySeeThem()
    {
        var admin = await AdminAsync();
        var support = await _data.UserAsync("Inbox support", null, PortalRoles.Support);
        var manager = await _data.UserAsync("Inbox manager", null, PortalRoles.Manager);
        var created = await Lines.CreateAsync(admin.Id, new LineDraft { Kind = LineKind.Sandbox, Name = Unique("Inbox") });
        var id = (int)created.Id!.Value;
        for (var i = 1; i <= 5; i++)
        {
            var sent = await Lines.TestSendAsync(admin.Id, id, $"8 999 123-45-0{i}", $"<b>Message {i}</b>");
            Assert.True(sent.Answer!.Accepted);
            Assert.StartsWith("sandbox.", sent.Answer.MessageId, StringComparison.Ordinal);
        }

        var first = await Lines.InboxAsync(support.Id, id, null, 2);
        var second = await Lines.InboxAsync(support.Id, id, first!.Rows[^1].Id, 2);
        var last = await Lines.InboxAsync(support.Id, id, second!.Rows[^1].Id, 2);

        Assert.Equal(["<b>Message 5</b>", "<b>Message 4</b>"], first.Rows.Select(r => r.Text));
        Assert.Equal(["<b>Message 3</b>", "<b>Message 2</b>"], second.Rows.Select(r => r.Text));
        Assert.Equal(["<b>Message 1</b>"], last!.Rows.Select(r => r.Text));
        Assert.True(first.HasOlder);
        Assert.True(second.HasOlder);
        Assert.False(last.HasOlder);
        Assert.Equal(5, first.Total);
        var message = first.Rows[0];
        Assert.Equal("+79991234505", message.To);
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.Null(message.RunId);
        Assert.Null(message.EntityPath);
        Assert.Equal(admin.DisplayName, message.SentByName);
        Assert.Contains((await Lines.SandboxLinesAsync(manager.Id))!, l => l.Id == id);

        // A manager sees the messages of their own runs and test sends, not an administrator's test sends.
        Assert.Equal(0, (await Lines.InboxAsync(manager.Id, id, null, 10))!.Total);
        Assert.Equal(5, (await Lines.InboxAsync(admin.Id, id, null, 10))!.Total);

        // Only sandbox lines have an inbox.
        var cloud = await CreateCloudLineAsync(admin, new Uri("https://graph.facebook.com"));
        Assert.Null(await Lines.InboxAsync(admin.Id, cloud, null, 10));
        Assert.DoesNotContain((await Lines.SandboxLinesAsync(admin.Id))!, l => l.Id == cloud);
    }

    [Fact]
    public async Task SandboxInbox_LinksAMessageToItsRunAndRecord()
    {
        var kit = new Runs.RunTestKit(app.Services);
        var manager = await kit.ManagerAsync();
        var line = await kit.SandboxLineAsync();
        var other = await _data.UserAsync("Other manager", null, PortalRoles.Manager);
        var contact = await kit.Data.ContactAsync("Inbox", "Client", manager, new PhoneNumber("+7 999 444-00-01", PhoneType.Mobile));
        var deal = await kit.Data.DealAsync("Inbox deal", manager, contact: contact);
        var scenario = await kit.ScenarioAsync(Runs.RunTestKit.SendMessage(line));
        var launch = await kit.LaunchAsync(scenario, manager, [deal.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi there" });
        Assert.True(launch.Launched, launch.ErrorCode);
        var runId = (await kit.FinishedAsync(launch.RunId!.Value)).Id;

        var page = await Lines.InboxAsync(manager.Id, line, null, 50);

        var message = Assert.Single(page!.Rows, m => m.RunId == runId);
        Assert.Equal("Hi there", message.Text);
        Assert.Equal(CrmEntityType.Deal, message.EntityType);
        Assert.Equal($"/crm/deals/{deal.Id}", message.EntityPath);
        Assert.DoesNotContain((await Lines.InboxAsync(other.Id, line, null, 50))!.Rows, m => m.RunId == runId);
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private static LineDraft CloudDraft(string name, Uri baseUrl, string token = Token) => new()
    {
        Kind = LineKind.CloudApi,
        Name = name,
        PhoneNumber = "+1 555 000 1234",
        BaseUrl = baseUrl.ToString(),
        AllowPlainHttp = baseUrl.Scheme == Uri.UriSchemeHttp, // the fake servers listen on http://127.0.0.1
        ApiVersion = "v21.0",
        PhoneNumberId = "1234567890",
        AccessToken = token,
    };

    private async Task<PortalUser> AdminAsync() => await _data.UserAsync("Line admin", null, PortalRoles.Administrator);

    private async Task<int> CreateCloudLineAsync(PortalUser admin, Uri baseUrl, string token = Token)
    {
        var result = await Lines.CreateAsync(admin.Id, CloudDraft(Unique("Cloud"), baseUrl, token));
        Assert.True(result.Succeeded, result.ToString());
        return (int)result.Id!.Value;
    }

    /// <summary>Everything stored about a line, to compare before and after a refused command.</summary>
    private Task<string> SnapshotAsync(int id) => WithDbAsync(async db =>
    {
        var l = await db.WhatsAppLines.AsNoTracking().SingleAsync(x => x.Id == id);
        return string.Join("|", l.Name, l.PhoneNumber, l.RatePerSecond, l.IsActive, l.BaseUrl, l.ApiVersion, l.PhoneNumberId,
            l.ProtectedAccessToken, l.ProtectedAppSecret, l.WebhookVerifyToken, l.Version);
    });

    private Task<int> LineCountAsync() => WithDbAsync(db => db.WhatsAppLines.CountAsync());

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
