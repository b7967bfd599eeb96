using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Hosting;
using Portal.Tests.Infrastructure;
using Portal.Tests.Infrastructure.FakeWhatsApp;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Messaging;

public sealed class RecipientsOnceDatabase : MigratedDatabase;

/// <summary>
/// Issue #15, hole 0: a deal whose contact has several mobile numbers got its message twice, to two numbers, because
/// a later pass of the pending step read the contact's phones in another order and chose another "first mobile".
/// Here the phones' rows are moved around in the table between passes (as updates and vacuum do), the step is looked
/// at again and again, and still every deal has exactly one message, to the first mobile number as it was written.
/// </summary>
public class RecipientsOnceTests(RecipientsOnceDatabase database) : IClassFixture<RecipientsOnceDatabase>
{
    /// <summary>Phone layouts: M = mobile, W = work, O = other; several mobiles, in several orders.</summary>
    private static readonly PhoneType[][] Layouts =
    [
        [PhoneType.Mobile, PhoneType.Mobile],
        [PhoneType.Work, PhoneType.Mobile, PhoneType.Mobile],
        [PhoneType.Mobile, PhoneType.Mobile, PhoneType.Mobile],
        [PhoneType.Mobile, PhoneType.Work, PhoneType.Mobile, PhoneType.Mobile],
        [PhoneType.Other, PhoneType.Mobile, PhoneType.Other, PhoneType.Mobile, PhoneType.Mobile],
    ];

    [Fact]
    public async Task FirstMobile_PhonesReadInAnotherOrderOnLaterPasses_OneMessagePerDeal_ToTheFirstMobileAsWritten()
    {
        await using var api = await FakeCloudApi.StartAsync();

        // A web-only process: it launches, and the test runs the chunks itself, pass after pass, with nobody sending.
        await using var web = new PortalAppFactory(database.ConnectionString, ProcessRole.Web, settings: new Dictionary<string, string> { ["Portal:Runs:ChunkSize"] = "25" });
        var kit = new RunTestKit(web.Services);
        var manager = await kit.ManagerAsync();
        var line = await FakeLines.AddAsync(web.Services, api);
        var scenario = await kit.ScenarioAsync(new ScenarioStep("olchat.send_message",
        [
            new("Line", ValueSource.Fixed, line.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
            new("WhichNumbers", ValueSource.Fixed, WhichNumbers.FirstMobile),
            new("Message", ValueSource.Fixed, "Hello from Portal!"),
        ]));
        var expected = new Dictionary<long, string>();
        for (var i = 0; i < 60; i++)
        {
            var layout = Layouts[i % Layouts.Length];
            // The other types get Moscow landlines: a mobile number typed "work" would be a mobile too (Recipients.Choose).
            var phones = layout.Select((type, n) => new PhoneNumber($"+7 {(type == PhoneType.Mobile ? 999 : 495)} 6{n}{i:00} 000", type)).ToArray();
            var contact = await kit.Data.ContactAsync("Client", $"Many {i}", manager, phones);
            var deal = await kit.Data.DealAsync($"Many mobiles {i}", manager, contact: contact);
            expected[deal.Id] = $"+79996{Array.IndexOf(layout, PhoneType.Mobile)}{i:00}000";
        }

        var launch = await kit.LaunchAsync(scenario, manager, expected.Keys);
        var runId = launch.RunId!.Value;
        var chunks = (await kit.ItemsAsync(runId)).Select(i => i.Chunk).Distinct().ToList();

        for (var pass = 0; pass < 6; pass++)
        {
            await using (var scope = web.Services.CreateAsyncScope())
            {
                var executor = scope.ServiceProvider.GetRequiredService<ChunkExecutor>();
                foreach (var chunk in chunks)
                {
                    await executor.RunAsync(runId, chunk);
                }
            }

            // Rewriting a row moves it to the end of the table: the first phones as written are now read last (or,
            // on odd passes, the last ones are), and the step is due again at once, as if its messages were done.
            await kit.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(pass % 2 == 0
                ? """UPDATE "ContactPhones" p SET "Number" = "Number" WHERE "Id" IN (SELECT min("Id") FROM "ContactPhones" GROUP BY "OwnerId")"""
                : """UPDATE "ContactPhones" p SET "Number" = "Number" WHERE "Id" IN (SELECT max("Id") FROM "ContactPhones" GROUP BY "OwnerId")"""));
            await kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == runId).ExecuteUpdateAsync(set => set.SetProperty(i => i.ResumeAt, (DateTimeOffset?)null)));
        }

        var messages = await kit.WithDbAsync(db => db.WhatsAppMessages.AsNoTracking().Where(m => m.RunId == runId).ToListAsync());
        Assert.All(messages.GroupBy(m => m.EntityId!.Value), deal => Assert.Equal(expected[deal.Key], Assert.Single(deal).To));
        Assert.Equal(expected.Count, messages.Count);

        // Now a worker sends them: one request per deal, and every step's output names its deal's one message.
        await using (var worker = new PortalAppFactory(database.ConnectionString, ProcessRole.Worker, settings: CloudApiApp.FastRetries))
        {
            _ = worker.Services;
            await kit.FinishedAsync(runId, TimeSpan.FromSeconds(120));
        }

        Assert.All(await kit.ItemsAsync(runId), i => Assert.Equal(ItemStatus.Completed, i.Status));
        Assert.Equal(expected.Values.Select(n => n.TrimStart('+')).Order(), api.Requests.Select(r => r.To).Order());
        var steps = await kit.StepsAsync(runId);
        Assert.All(steps, s => Assert.StartsWith($"{expected[s.EntityId]}: sent", s.Output, StringComparison.Ordinal));
    }
}
