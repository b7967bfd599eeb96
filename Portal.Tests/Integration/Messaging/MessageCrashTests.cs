using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;
using Xunit.Abstractions;

namespace Portal.Tests.Integration.Messaging;

public sealed class MessageCrashDatabase : MigratedDatabase;

/// <summary>
/// Issue #15, holes 0 and 3: a worker killed (-9) while its calls to the provider are in flight, during a broadcast to
/// deals whose contacts have several mobile numbers. The run settles without waiting for a long lease: the interrupted
/// messages are uncertain (not failed, not sent again), every other deal gets exactly one message, to one number,
/// and an administrator (nobody else) may choose to send the uncertain ones again.
/// </summary>
public class MessageCrashTests(MessageCrashDatabase database, ITestOutputHelper output) : IClassFixture<MessageCrashDatabase>
{
    private const int Deals = 120;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Portal:Runs:ChunkSize"] = "25",
        ["Portal:Runs:StaleAfterSeconds"] = "5",
        ["Portal:Runs:SweepIntervalSeconds"] = "5",
        ["Portal:WhatsApp:RequestTimeoutSeconds"] = "30",
        ["Portal:WhatsApp:SendingLeaseSeconds"] = "35",
        ["Portal:WhatsApp:SettleIntervalSeconds"] = "1",
        ["Portal:WhatsApp:StepRecheckSeconds"] = "2",
    };

    [Fact]
    public async Task AWorkerKilledDuringItsCalls_TheRunSettles_InterruptedOnesUncertain_OnlyAnAdministratorSendsThemAgain()
    {
        await using var api = await FakeCloudApi.StartAsync();
        await using var web = new PortalAppFactory(database.ConnectionString, ProcessRole.Web, Settings);
        var kit = new RunTestKit(web.Services);
        var manager = await kit.ManagerAsync();
        var admin = await kit.ManagerAsync(portalRole: PortalRoles.Administrator);
        var line = await FakeLines.AddAsync(web.Services, api, ratePerSecond: 20);
        var scenario = await kit.ScenarioAsync(new ScenarioStep("olchat.send_message",
        [
            new("Line", ValueSource.Fixed, line.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
            new("WhichNumbers", ValueSource.Fixed, WhichNumbers.FirstMobile),
            new("Message", ValueSource.Fixed, "Hello from Portal!"),
        ]));
        var ids = await DealsWithSeveralMobilesAsync(kit, manager);

        // The provider takes its time: the doomed worker's calls are all in flight when it is killed.
        api.DefaultFault = FakeFault.Slow(TimeSpan.FromSeconds(90));
        using var doomed = PortalProcess.StartWorker(database.ConnectionString, new Dictionary<string, string>
        {
            ["Portal__WhatsApp__RequestTimeoutSeconds"] = "30",
            ["Portal__WhatsApp__SendingLeaseSeconds"] = "35",
        });
        var launch = await kit.LaunchAsync(scenario, manager, ids);
        var runId = launch.RunId!.Value;
        await Eventually.GetAsync(
            async () => (await IdsAsync(kit, runId, MessageStatus.Sending)).Count >= 3 ? "calling" : null,
            TimeSpan.FromSeconds(90),
            "the doomed worker to be calling the provider");
        doomed.Kill(entireProcessTree: true);
        await doomed.WaitForExitAsync();
        var interrupted = await IdsAsync(kit, runId, MessageStatus.Sending);
        api.DefaultFault = null;

        ScenarioRun run;
        await using (var survivor = new PortalAppFactory(database.ConnectionString, ProcessRole.Worker, Settings))
        {
            _ = survivor.Services;
            run = await kit.FinishedAsync(runId, TimeSpan.FromSeconds(180));
            output.WriteLine($"{interrupted.Count} message(s) in flight at the kill.");

            var messages = await kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == runId).ToListAsync());
            Assert.Equal(Deals, messages.Count);
            Assert.All(messages.GroupBy(m => m.EntityId), deal => Assert.Single(deal));
            var uncertain = messages.Where(m => m.Status == MessageStatus.Uncertain).ToList();
            Assert.Equal(interrupted.Order(), uncertain.Select(m => m.Id).Order());
            Assert.All(uncertain, m => Assert.Equal(ErrorCodes.MessageUncertain, m.ErrorCode));
            Assert.All(messages.Except(uncertain), m => Assert.Equal(MessageStatus.Sent, m.Status));
            Assert.All(api.Requests.GroupBy(r => r.To), recipient => Assert.Single(recipient));
            var uncertainDeals = uncertain.Select(m => m.EntityId).ToHashSet();
            Assert.All(await kit.ItemsAsync(runId), i => Assert.Equal(
                uncertainDeals.Contains(i.EntityId) ? (ItemStatus.Failed, ErrorCodes.MessageUncertain) : (ItemStatus.Completed, null),
                (i.Status, i.ErrorCode)));

            // Sending them again is an administrator's knowing choice, checked by the server.
            await using var scope = web.Services.CreateAsyncScope();
            var control = scope.ServiceProvider.GetRequiredService<RunControl>();
            Assert.Equal((RunCommandStatus.AdministratorsOnly, 0), await control.SendUncertainAgainAsync(manager.Id, runId));
            Assert.Equal(uncertain.Count, (await kit.WithDbAsync(db => db.WhatsAppMessages.CountAsync(m => m.RunId == runId && m.Status == MessageStatus.Uncertain))));
            Assert.Equal((RunCommandStatus.Ok, uncertain.Count), await control.SendUncertainAgainAsync(admin.Id, runId));
            await Eventually.GetAsync(
                async () => (await IdsAsync(kit, runId, MessageStatus.Sent)).Count == Deals ? "sent" : null,
                TimeSpan.FromSeconds(60),
                "the uncertain messages to be sent again");
        }

        Assert.Equal(RunStatus.Completed, run.Status);
    }

    /// <summary>Deals whose contacts have two or three mobile numbers, in several orders among other numbers.</summary>
    private static async Task<List<long>> DealsWithSeveralMobilesAsync(RunTestKit kit, PortalUser manager)
    {
        PhoneType[][] layouts =
        [
            [PhoneType.Mobile, PhoneType.Mobile],
            [PhoneType.Work, PhoneType.Mobile, PhoneType.Mobile, PhoneType.Mobile],
            [PhoneType.Mobile, PhoneType.Other, PhoneType.Mobile],
        ];
        var now = DateTimeOffset.UtcNow;
        var contacts = Enumerable.Range(0, Deals).Select(i =>
        {
            var contact = Contact.Create("Client", $"Crash {i}", manager.Id, manager.Id, now);
            contact.ReplacePhones(layouts[i % layouts.Length].Select((type, n) => new PhoneNumber($"+7 999 7{n}{i:000} 00", type)), manager.Id, now);
            return contact;
        }).ToList();
        await kit.WithDbAsync(async db =>
        {
            db.Contacts.AddRange(contacts);
            await db.SaveChangesAsync();
        });
        var deals = contacts.Select(c =>
        {
            var deal = Deal.Create($"Crash {c.Id}", CrmTestData.FirstStage, 100, "RUB", manager.Id, manager.Id, now);
            deal.Link(c.Id, null, manager.Id, now);
            return deal;
        }).ToList();
        return await kit.WithDbAsync(async db =>
        {
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return deals.Select(d => d.Id).ToList();
        });
    }

    private static Task<List<long>> IdsAsync(RunTestKit kit, long runId, MessageStatus status) =>
        kit.WithDbAsync(db => db.WhatsAppMessages.Where(m => m.RunId == runId && m.Status == status).Select(m => m.Id).ToListAsync());
}
