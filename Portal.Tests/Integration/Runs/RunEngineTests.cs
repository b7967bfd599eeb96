using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>Launches through the launch service and lets the real Hangfire workers run the robots.</summary>
public class RunEngineTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    [Fact]
    public async Task FiftyDeals_EveryRobotRunsOnceForEveryDeal_AndTheLogSaysSo()
    {
        var manager = await _kit.ManagerAsync();
        var line = await _kit.SandboxLineAsync();
        var scenario = await _kit.ScenarioAsync(
            RunTestKit.SendMessage(line),
            RunTestKit.ChangeStage(5),
            RunTestKit.Comment("Won: {{Deal.Title}} ({{Launch.step1.Message}})"));
        var deals = new List<Deal>();
        for (var i = 0; i < 50; i++)
        {
            var contact = await _kit.Data.ContactAsync("Client", $"N{i}", manager, new PhoneNumber($"8 (999) 000-00-{i:00}", PhoneType.Mobile));
            deals.Add(await _kit.Data.DealAsync($"Deal {i}", manager, contact: contact));
        }

        var launch = await _kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id), new Dictionary<string, string?> { ["step1.Message"] = "Hello!" });

        Assert.True(launch.Launched, launch.ErrorCode);
        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(scenario.Version, run.ScenarioVersion);
        Assert.Equal("Hello!", run.LaunchValues["step1.Message"]);
        var items = await _kit.ItemsAsync(run.Id);
        Assert.Equal(50, items.Count);
        Assert.All(items, i => Assert.Equal(ItemStatus.Completed, i.Status));
        var steps = await _kit.StepsAsync(run.Id);
        Assert.Equal(150, steps.Count);
        Assert.All(steps, s => Assert.Equal(StepStatus.Completed, s.Status));

        var ids = deals.Select(d => d.Id).ToList();
        await _kit.WithDbAsync(async db =>
        {
            Assert.Equal(50, await db.Deals.CountAsync(d => ids.Contains(d.Id) && d.StageId == 5));
            var comments = await db.TimelineEntries.Where(t => t.EntityType == CrmEntityType.Deal && ids.Contains(t.EntityId) && t.Kind == TimelineKind.Comment).ToListAsync();
            Assert.Equal(50, comments.Count);
            Assert.Contains(comments, c => c.Text == "Won: Deal 7 (Hello!)");
            var messages = await db.WhatsAppMessages.Where(m => m.RunId == run.Id).ToListAsync();
            Assert.Equal(50, messages.Count);
            Assert.Equal(50, messages.Select(m => m.EntityId).Distinct().Count());
            Assert.Contains(messages, m => m.To == "+79990000007" && m.Text == "Hello!");
        });
        var first = steps.First(s => s.RobotKey == "olchat.send_message");
        Assert.Equal("Hello!", first.Inputs["Message"]);
    }

    [Fact]
    public async Task ATypedPlaceholder_IsRenderedPerDeal_AndADealWhoseMessageRendersTooLong_FailsAloneWithoutAMessage()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(
            RunTestKit.SendMessage(await _kit.SandboxLineAsync()),
            RunTestKit.Comment("Sent: {{Launch.step1.Message}}"));
        var padding = new string('.', 4070);
        var shortTitle = await _kit.Data.DealAsync("Short", manager, contact: await _kit.Data.ContactAsync("Oleg", "Short", manager, new PhoneNumber("+7 999 888-00-01", PhoneType.Mobile)));
        var longTitle = await _kit.Data.DealAsync(new string('L', 40), manager, contact: await _kit.Data.ContactAsync("Anna", "Long", manager, new PhoneNumber("+7 999 888-00-02", PhoneType.Mobile)));

        var launch = await _kit.LaunchAsync(scenario, manager, [shortTitle.Id, longTitle.Id], new Dictionary<string, string?> { ["step1.Message"] = $"Hi {{{{Contact.Name}}}}, {{{{Deal.Title}}}}{padding}" });

        Assert.True(launch.Launched, launch.ErrorCode);
        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        var items = await _kit.ItemsAsync(run.Id);
        Assert.Equal(ItemStatus.Completed, items.Single(i => i.EntityId == shortTitle.Id).Status);
        var tooLong = items.Single(i => i.EntityId == longTitle.Id);
        var expectedLength = "Hi Anna Long, ".Length + 40 + padding.Length;
        Assert.Equal((ItemStatus.Failed, ErrorCodes.ParameterTooLong, $"Message: {expectedLength} > 4096"), (tooLong.Status, tooLong.ErrorCode, tooLong.ErrorDetail));
        await _kit.WithDbAsync(async db =>
        {
            var message = Assert.Single(await db.WhatsAppMessages.Where(m => m.RunId == run.Id).ToListAsync());
            Assert.Equal($"Hi Oleg Short, Short{padding}", message.Text);
            var comment = Assert.Single(await db.TimelineEntries.Where(t => t.EntityId == shortTitle.Id && t.Kind == TimelineKind.Comment).ToListAsync());
            Assert.Equal($"Sent: Hi Oleg Short, Short{padding}", comment.Text);
        });
    }

    [Fact]
    public async Task AProcessLaunch_TakesItsValuesAsPassed_AndADefaultItLeftEmptyIsStillRenderedPerDeal()
    {
        var manager = await _kit.ManagerAsync();
        var send = RunTestKit.SendMessage(await _kit.SandboxLineAsync());
        var scenario = await _kit.ScenarioAsync(
            send with { Inputs = send.Inputs.Select(i => i.Name == "Message" ? i with { Value = "Hello, {{Contact.Name}}!" } : i).ToList() },
            new("crm.add_comment", [new("Text", Portal.Domain.Scenarios.ValueSource.LaunchParameter, "unused")]));
        var deal = await _kit.Data.DealAsync("Process deal", manager, contact: await _kit.Data.ContactAsync("Oleg", "Process", manager, new PhoneNumber("+7 999 888-00-03", PhoneType.Mobile)));

        // The process rendered the comment already (a deal title with braces stays as it is); it left the message empty.
        var launch = await _kit.Launcher.LaunchAsync(new Portal.Features.Launch.LaunchRequest(
            scenario.Id, CrmEntityType.Deal, [deal.Id], new Dictionary<string, string?> { ["step1.Message"] = null, ["step2.Text"] = "Title {{Deal.Title}}" }, manager.Id, RunSource.Process));

        Assert.True(launch.Launched, launch.ErrorCode);
        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        Assert.Equal(ItemStatus.Completed, Assert.Single(await _kit.ItemsAsync(run.Id)).Status);
        Assert.False(run.LaunchValues.ContainsKey("step1.Message"));
        await _kit.WithDbAsync(async db =>
        {
            Assert.Equal("Hello, Oleg Process!", Assert.Single(await db.WhatsAppMessages.Where(m => m.RunId == run.Id).ToListAsync()).Text);
            Assert.Equal("Title {{Deal.Title}}", Assert.Single(await db.TimelineEntries.Where(t => t.EntityId == deal.Id && t.Kind == TimelineKind.Comment).ToListAsync()).Text);
        });
    }

    [Fact]
    public async Task OwnScope_OthersDealsFailWithTheRightsError_TheRestComplete()
    {
        var manager = await _kit.ManagerAsync(RightScope.Own);
        var colleague = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Checked"));
        var own = new[] { await _kit.Data.DealAsync("Mine 1", manager), await _kit.Data.DealAsync("Mine 2", manager) };
        var others = new[] { await _kit.Data.DealAsync("Theirs", colleague) };

        var launch = await _kit.LaunchAsync(scenario, manager, own.Concat(others).Select(d => d.Id));

        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        var items = await _kit.ItemsAsync(run.Id);
        Assert.All(items.Where(i => own.Any(d => d.Id == i.EntityId)), i => Assert.Equal(ItemStatus.Completed, i.Status));
        var refused = Assert.Single(items, i => i.EntityId == others[0].Id);
        Assert.Equal(ItemStatus.Failed, refused.Status);
        Assert.Equal(ErrorCodes.RightsInsufficient, refused.ErrorCode);
        Assert.Equal(2, (await _kit.StepsAsync(run.Id)).Count);
    }

    [Fact]
    public async Task NoAutomationRight_IsRefusedAtLaunch_AndNothingIsWritten()
    {
        var reader = await _kit.Data.UserAsync("Reader", null, PortalRoles.Manager, await _kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var support = await _kit.Data.UserAsync("Support", null, PortalRoles.Support, await _kit.Data.DealRoleAsync(RightScope.All));
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("x"));
        var deal = await _kit.Data.DealAsync("Any", reader);

        var byReader = await _kit.LaunchAsync(scenario, reader, [deal.Id]);
        var bySupport = await _kit.LaunchAsync(scenario, support, [deal.Id]);

        Assert.Equal(ErrorCodes.RightsInsufficient, byReader.ErrorCode);
        Assert.Equal(ErrorCodes.RightsInsufficient, bySupport.ErrorCode);
        Assert.Equal(0, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task WaitingItems_AreTerminatedByStop_AndNeverTakeTheirNextStep()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Before"), RunTestKit.Wait("1.00:00:00"), RunTestKit.Comment("After"));
        var deals = new[] { await _kit.Data.DealAsync("W1", manager), await _kit.Data.DealAsync("W2", manager) };
        var launch = await _kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        var runId = launch.RunId!.Value;
        await Eventually.GetAsync(async () => (await _kit.StepsAsync(runId)).Count == 4 ? "waiting" : null, what: "both items to wait");

        var stopped = await app.Services.GetRequiredService<Portal.Features.RunLog.RunControl>().StopAsync(manager.Id, runId);

        Assert.Equal(Portal.Features.RunLog.RunCommandStatus.Ok, stopped);
        var run = await _kit.FinishedAsync(runId);
        Assert.Equal(RunStatus.Stopped, run.Status);
        Assert.All(await _kit.ItemsAsync(runId), i => Assert.Equal(ItemStatus.Terminated, i.Status));
        Assert.Equal(0, run.FailedCount);
        var steps = await _kit.StepsAsync(runId);
        Assert.Equal(4, steps.Count);
        Assert.Equal(2, steps.Count(s => s.Status == StepStatus.Waiting));
    }
}
