using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Messaging;
using Portal.Domain.Security;
using Portal.Features.Messaging;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;

namespace Portal.Tests.Components.Messaging;

/// <summary>The WhatsApp lines page on a real database: the grid, the line editor and the test send in their dialogs.</summary>
public sealed class WhatsAppLinesPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    private string _adminId = "";

    [Fact]
    public async Task NewCloudLine_WithABadBaseUrl_IsRefusedOnThatField_AndNothingIsSaved()
    {
        var name = await StartAsAdministratorAsync();
        var (dialogs, _) = OpenNewLineEditor();

        dialogs.Find("[data-testid=line-name]").Input(name);
        dialogs.Find("[data-testid=line-base-url]").Change("graph.facebook.com?x=1");
        dialogs.Find("[data-testid=line-phone-number-id]").Change("1234567890");
        dialogs.Find("[data-testid=line-token]").Change("a-token");
        dialogs.Find("[data-testid=line-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Enter an https address without a query, such as https://graph.facebook.com.",
            dialogs.Find("[data-testid=line-error-BaseUrl]").TextContent.Trim()));
        Assert.Equal(name, dialogs.Find("[data-testid=line-name]").GetAttribute("value"));
        Assert.False(await LineExistsAsync(name));
    }

    [Fact]
    public async Task NewCloudLine_OnPlainHttp_IsRefusedOnTheBaseUrl_UntilPlainHttpIsAllowed()
    {
        var name = await StartAsAdministratorAsync();
        var (dialogs, page) = OpenNewLineEditor();

        dialogs.Find("[data-testid=line-name]").Input(name);
        dialogs.Find("[data-testid=line-base-url]").Change("http://127.0.0.1:9");
        dialogs.Find("[data-testid=line-phone-number-id]").Change("1234567890");
        dialogs.Find("[data-testid=line-token]").Change("a-token");
        dialogs.Find("[data-testid=line-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Use an https address. Plain http only for a test server: tick “Allow plain http” below.",
            dialogs.Find("[data-testid=line-error-BaseUrl]").TextContent.Trim()));
        Assert.False(await LineExistsAsync(name));

        dialogs.Find("[data-testid=line-allow-http]").Change(true);
        dialogs.WaitForElement("[data-testid=line-allow-http-hint]");
        dialogs.Find("[data-testid=line-save]").Click();

        page.WaitForAssertion(() => Assert.Contains($"The line {name} is created.", page.Find("[data-testid=lines-message]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACloudLineMovedToAnotherBaseUrl_WithoutItsTokenTypedAgain_AsksForTheToken_AndKeepsWhereItSent()
    {
        var name = await StartAsAdministratorAsync();
        var created = await Service<LineAdmin>().CreateAsync(_adminId, new LineDraft
        {
            Name = name,
            BaseUrl = "https://graph.example.test",
            PhoneNumberId = "1234567890",
            AccessToken = "a-token",
        });
        Assert.True(created.Succeeded, created.Reason);
        var id = await LineIdAsync(name);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<WhatsAppLinesPage>();

        page.WaitForElement($"[data-testid=line-edit-{id}]").Click();
        dialogs.WaitForElement("[data-testid=line-base-url]").Change("https://elsewhere.example.test");
        dialogs.Find("[data-testid=line-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Enter the token again when you change where it is sent (base URL or phone number ID).",
            dialogs.Find("[data-testid=line-error-AccessToken]").TextContent.Trim()));
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.WhatsAppLines.AsNoTracking().SingleAsync(l => l.Id == id);
        Assert.Equal("https://graph.example.test", stored.BaseUrl);
        Assert.True(stored.HasAccessToken);
    }

    [Fact]
    public async Task NewCloudLine_WithoutAToken_AsksForItOnTheTokenField()
    {
        var name = await StartAsAdministratorAsync();
        var (dialogs, _) = OpenNewLineEditor();

        dialogs.Find("[data-testid=line-name]").Input(name);
        dialogs.Find("[data-testid=line-phone-number-id]").Change("1234567890");
        dialogs.Find("[data-testid=line-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "A Cloud API line needs its access token.", dialogs.Find("[data-testid=line-error-AccessToken]").TextContent.Trim()));
        Assert.Contains("Nothing was saved", dialogs.Find("[data-testid=line-invalid]").TextContent, StringComparison.Ordinal);
        Assert.False(await LineExistsAsync(name));
    }

    [Fact]
    public async Task NewSandboxLine_IsCreated_AndShownInTheGridWithItsKind()
    {
        var name = await StartAsAdministratorAsync();
        var (dialogs, page) = OpenNewLineEditor();

        dialogs.FindAll(".mud-toggle-item").Single(b => b.TextContent.Contains("Sandbox", StringComparison.Ordinal)).Click();
        dialogs.WaitForElement("[data-testid=line-name]").Input(name);
        dialogs.Find("[data-testid=line-save]").Click();

        page.WaitForAssertion(() => Assert.Contains($"The line {name} is created.", page.Find("[data-testid=lines-message]").TextContent, StringComparison.Ordinal));
        var id = await LineIdAsync(name);
        Assert.Equal("Sandbox", page.Find($"[data-testid=line-kind-{id}]").TextContent.Trim());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=line-editor]")));
    }

    [Fact]
    public async Task TheActiveSwitch_SwitchesTheLineOff_AndSaysWhatThatMeans()
    {
        var name = await StartAsAdministratorAsync();
        var id = await CreateSandboxLineAsync(name);
        var page = Render<WhatsAppLinesPage>();

        page.WaitForElement($"[data-testid=line-active-{id}]").Change(false);

        page.WaitForAssertion(() => Assert.Contains(
            $"The line {name} is switched off", page.Find("[data-testid=lines-message]").TextContent, StringComparison.Ordinal));
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.WhatsAppLines.Where(l => l.Id == id).Select(l => l.IsActive).SingleAsync());
    }

    [Fact]
    public async Task TestSend_ShowsWhatTheProviderRefused()
    {
        await using var fake = await FakeCloudApi.StartAsync(new FakeCloudApiOptions { Token = "test-token", PhoneNumberId = "1234567890", Version = "v21.0" });
        fake.DefaultFault = FakeFault.InvalidParameter;
        var name = await StartAsAdministratorAsync();
        var created = await Service<LineAdmin>().CreateAsync(_adminId, new LineDraft
        {
            Name = name,
            BaseUrl = fake.BaseAddress.ToString(),
            AllowPlainHttp = true,
            PhoneNumberId = "1234567890",
            AccessToken = "test-token",
        });
        Assert.True(created.Succeeded, created.Reason);
        var id = await LineIdAsync(name);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<WhatsAppLinesPage>();

        page.WaitForElement($"[data-testid=line-test-{id}]").Click();
        dialogs.WaitForElement("[data-testid=line-test-to]").Change("8 (999) 123-45-67");
        dialogs.Find("[data-testid=line-test-send]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "WhatsApp did not accept the message to +79991234567.", dialogs.Find("[data-testid=line-test-outcome]").TextContent.Trim()));
        Assert.NotEmpty(dialogs.Find("[data-testid=line-test-provider-message]").TextContent.Trim());
    }

    [Fact]
    public async Task TestSend_WithoutANumber_AsksForItOnTheField()
    {
        var name = await StartAsAdministratorAsync();
        var id = await CreateSandboxLineAsync(name);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<WhatsAppLinesPage>();

        page.WaitForElement($"[data-testid=line-test-{id}]").Click();
        dialogs.WaitForElement("[data-testid=line-test-send]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Enter the number to send to.", dialogs.Find("[data-testid=line-test-error-To]").TextContent.Trim()));
        Assert.Empty(dialogs.FindAll("[data-testid=line-test-answer]"));
    }

    [Fact]
    public async Task AManager_IsToldTheLinesAreNotForThem()
    {
        var manager = await Data.UserAsync("Lines manager", null);
        SignIn(manager.Id, manager.DisplayName, PortalRoles.Manager);

        var page = Render<WhatsAppLinesPage>();

        page.WaitForElement("[data-testid=no-access]");
        Assert.Empty(page.FindAll("[data-testid=lines-grid]"));
    }

    /// <summary>Signs an administrator in and gives a new line's name.</summary>
    private async Task<string> StartAsAdministratorAsync()
    {
        _adminId = (await SignInAsAdministratorAsync()).Id;
        return $"Line {Guid.NewGuid():N}"[..14];
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<WhatsAppLinesPage> Page) OpenNewLineEditor()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<WhatsAppLinesPage>();
        page.WaitForElement("[data-testid=lines-grid]");
        page.Find("[data-testid=lines-new]").Click();
        dialogs.WaitForElement("[data-testid=line-editor]");
        return (dialogs, page);
    }

    private async Task<int> CreateSandboxLineAsync(string name)
    {
        var created = await Service<LineAdmin>().CreateAsync(_adminId, new LineDraft { Name = name, Kind = LineKind.Sandbox });
        Assert.True(created.Succeeded, created.Reason);
        return await LineIdAsync(name);
    }

    private async Task<bool> LineExistsAsync(string name)
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.WhatsAppLines.AnyAsync(l => l.Name == name);
    }

    private async Task<int> LineIdAsync(string name)
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.WhatsAppLines.Where(l => l.Name == name).Select(l => l.Id).SingleAsync();
    }
}
