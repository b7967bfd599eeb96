using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Components.Runs;

/// <summary>Runs for the run log's components: launched through the app's launch service (no worker runs them, so they stay
/// queued), and their items set to a status straight in the database.</summary>
public sealed class RunComponentData(IServiceProvider services)
{
    private readonly RunTestKit _kit = new(services);
    private readonly IServiceProvider _services = services;

    public RunTestKit Kit => _kit;

    /// <summary>A manager with every right on deals, a deal of theirs, and a run of a new scenario on it.</summary>
    public async Task<(PortalUser User, Deal Deal, Scenario Scenario, long RunId)> RunOnADealAsync(string title = "A deal")
    {
        var user = await _kit.ManagerAsync();
        var deal = await _kit.Data.DealAsync(title, user);
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("hello"));
        var launched = await _kit.LaunchAsync(scenario, user, [deal.Id]);
        return (user, deal, scenario, launched.RunId!.Value);
    }

    /// <summary>Ends the run: its items as told (failed ones with the error code), the run completed.</summary>
    public Task FinishAsync(long runId, ItemStatus items, string? errorCode = null) => _kit.WithDbAsync(async db =>
    {
        await db.RunItems.Where(i => i.RunId == runId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, items)
            .SetProperty(i => i.ErrorCode, errorCode)
            .SetProperty(i => i.FinishedAt, DateTimeOffset.UtcNow));
        await db.ScenarioRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Completed)
            .SetProperty(r => r.FailedCount, items == ItemStatus.Failed ? 1 : 0)
            .SetProperty(r => r.FinishedAt, DateTimeOffset.UtcNow));
    });

    /// <summary>
    /// A run of a "send a WhatsApp message" scenario through the sandbox line, carried out here (its one chunk): the deals
    /// with a mobile number completed with their message sent, the deals without a phone failed ("phone.missing").
    /// </summary>
    public async Task<(PortalUser User, long RunId)> SentRunAsync(int withPhone, int withoutPhone)
    {
        var user = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var deals = new List<long>();
        for (var i = 1; i <= withPhone; i++)
        {
            var contact = await _kit.Data.ContactAsync("Client", $"Phone {i}", user, new PhoneNumber($"+7 999 555-20-{i:00}", PhoneType.Mobile));
            deals.Add((await _kit.Data.DealAsync($"Deal with a phone {i}", user, contact: contact)).Id);
        }

        for (var i = 1; i <= withoutPhone; i++)
        {
            deals.Add((await _kit.Data.DealAsync($"Deal without a phone {i}", user)).Id);
        }

        var launched = await _kit.LaunchAsync(scenario, user, deals, new Dictionary<string, string?> { ["step1.Message"] = "Your order is ready" });
        var runId = launched.RunId!.Value;
        await using (var scope = _services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChunkExecutor>().RunAsync(runId, 0);
        }

        return (user, runId);
    }
}
