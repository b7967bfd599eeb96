using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>Scenarios, users and deals for run tests, and waiting for a run to end.</summary>
public sealed class RunTestKit(IServiceProvider services)
{
    public CrmTestData Data { get; } = new(services);

    public static ScenarioStep ChangeStage(int stageId) => new("crm.change_stage", [new("Stage", ValueSource.Fixed, stageId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static ScenarioStep Comment(string text) => new("crm.add_comment", [new("Text", ValueSource.Fixed, text)]);

    public static ScenarioStep Wait(string delay) => new("flow.wait", [new("Delay", ValueSource.Fixed, delay)]);

    /// <summary>The seed's example: the line set by the admin, the message asked at launch (to the contact's first number unless told).</summary>
    public static ScenarioStep SendMessage(int lineId, string whichNumbers = WhichNumbers.First) => new("olchat.send_message",
    [
        new("Line", ValueSource.AdminSetting, lineId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
        new("WhichNumbers", ValueSource.Fixed, whichNumbers),
        new("Message", ValueSource.LaunchParameter, null, "Message"),
    ]);

    /// <summary>An active deal scenario with these steps (ids numbered), written straight through the aggregate.</summary>
    public async Task<Scenario> ScenarioAsync(params ScenarioStep[] steps)
    {
        var definition = ScenarioRules.Normalise(new ScenarioDefinition($"Run test {Guid.NewGuid():N}", null, CrmEntityType.Deal, steps));
        var scenario = Scenario.Create(definition, RobotsSetup.Catalog, "test", DateTimeOffset.UtcNow);
        scenario.Activate("test", DateTimeOffset.UtcNow);
        await WithDbAsync(async db =>
        {
            db.Scenarios.Add(scenario);
            await db.SaveChangesAsync();
        });
        return scenario;
    }

    /// <summary>A manager whose CRM role gives <paramref name="scope"/> for every action on deals.</summary>
    public async Task<PortalUser> ManagerAsync(RightScope scope = RightScope.All, string portalRole = PortalRoles.Manager) =>
        await Data.UserAsync("Run Manager", null, portalRole, await Data.DealRoleAsync(scope));

    public async Task<int> SandboxLineAsync() => await WithDbAsync(db => db.WhatsAppLines.Where(l => l.Name == ReferenceDataSeeder.SandboxLineName).Select(l => l.Id).SingleAsync());

    public LaunchService Launcher => services.GetRequiredService<LaunchService>();

    public Task<LaunchResult> LaunchAsync(Scenario scenario, PortalUser user, IEnumerable<long> ids, IReadOnlyDictionary<string, string?>? values = null) =>
        Launcher.LaunchAsync(new LaunchRequest(scenario.Id, scenario.EntityType, ids.ToList(), values ?? new Dictionary<string, string?>(), user.Id, RunSource.Ui));

    /// <summary>Waits until the run has ended (completed or stopped) and returns it.</summary>
    public Task<ScenarioRun> FinishedAsync(long runId, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            () => WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && (r.Status == RunStatus.Completed || r.Status == RunStatus.Stopped))),
            timeout ?? TimeSpan.FromSeconds(60),
            $"run {runId} to end");

    /// <summary>Waits until this many worker processes have their job servers up and beating.</summary>
    public Task WorkersUpAsync(int count, TimeSpan? timeout = null) =>
        Eventually.GetAsync(
            async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var nodes = await scope.ServiceProvider.GetRequiredService<Portal.Jobs.JobEngineMonitor>().NodesAsync();
                return nodes.Count(n => n.Alive && n.Queues.Contains(Portal.Jobs.JobQueues.Runs)) >= count ? "up" : null;
            },
            timeout ?? TimeSpan.FromSeconds(60),
            $"{count} worker process(es) to start their job servers");

    public Task<List<RunItem>> ItemsAsync(long runId) => WithDbAsync(db => db.RunItems.AsNoTracking().Where(i => i.RunId == runId).OrderBy(i => i.Id).ToListAsync());

    public Task<List<RunStep>> StepsAsync(long runId) => WithDbAsync(db => db.RunSteps.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Id).ToListAsync());

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public async Task WithDbAsync(Func<PortalDbContext, Task> action)
    {
        await using var scope = services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
