using Bunit;
using Portal.Domain.Messaging;
using Portal.Domain.Security;
using Portal.Features.Messaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Messaging;

/// <summary>The sandbox inbox: what was "sent" through a sandbox line, newest first, with where it came from.</summary>
public sealed class SandboxInboxPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task AMessageSentThroughTheLine_IsListedWithItsStatusAndOrigin()
    {
        var admin = await Data.UserAsync("Inbox admin", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        var lines = Service<LineAdmin>();
        var name = $"Inbox {Guid.NewGuid():N}"[..15];
        Assert.True((await lines.CreateAsync(admin.Id, new LineDraft { Name = name, Kind = LineKind.Sandbox })).Succeeded);
        var id = (await lines.SandboxLinesAsync(admin.Id))!.Single(l => l.Name == name).Id;
        var sent = await lines.TestSendAsync(admin.Id, id, "+79991234567", "Hello from the inbox test");
        Assert.True(sent.Answer?.Accepted);

        var cut = Render<SandboxInboxPage>(p => p.Add(c => c.LineId, id));

        cut.WaitForAssertion(() => Assert.Equal("Hello from the inbox test", cut.Find("[data-testid=inbox-text]").TextContent.Trim()));
        Assert.Equal("+79991234567", cut.Find("[data-testid=inbox-to]").TextContent.Trim());
        Assert.Contains(name, cut.Find("[data-testid=inbox-line]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Test send", cut.Find("[data-testid=inbox-origin]").TextContent, StringComparison.Ordinal);
        Assert.Contains("1", cut.Find("[data-testid=inbox-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineWithNoMessages_SaysSo()
    {
        var admin = await Data.UserAsync("Inbox admin", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        var lines = Service<LineAdmin>();
        var name = $"Quiet {Guid.NewGuid():N}"[..15];
        Assert.True((await lines.CreateAsync(admin.Id, new LineDraft { Name = name, Kind = LineKind.Sandbox })).Succeeded);
        var id = (await lines.SandboxLinesAsync(admin.Id))!.Single(l => l.Name == name).Id;

        var cut = Render<SandboxInboxPage>(p => p.Add(c => c.LineId, id));

        cut.WaitForElement("[data-testid=inbox-empty]");
        Assert.Empty(cut.FindAll("[data-testid=inbox-messages]"));
    }
}
