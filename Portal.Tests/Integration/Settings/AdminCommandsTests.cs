using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Audit;
using Portal.Features.Crm;
using Portal.Features.Messaging;
using Portal.Features.Processes;
using Portal.Features.Scenarios;
using Portal.Features.Settings;
using Portal.Features.Webhooks;
using Portal.Jobs;
using Portal.Tests.Domain.Scenarios;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Settings;

/// <summary>
/// Every administrators' command called straight on its service, as a page's handler would after the page was left open
/// by someone who is not (or no longer) an administrator: a manager's and a support user's call is refused on the
/// server, and nothing is written (no audit entry either). A new command belongs in <see cref="Commands"/>.
/// </summary>
public class AdminCommandsTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private readonly CrmTestData _data = new(app.Services);
    private AsyncServiceScope _scope;
    private Targets _targets = default!;

    /// <summary>What the commands aim at, made by an administrator before each test.</summary>
    private sealed record Targets(string AdminId, string UserId, int CrmRoleId, int LineId, int WebhookHostId, long ProcessId, long ScenarioId, int ScenarioVersion);

    /// <summary>Each command, as the caller would call it; true when it was refused.</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, Targets, string, Task<bool>>> Commands = new()
    {
        ["users.list"] = async (s, t, caller) => await Get<UserAdmin>(s).ListAsync(caller) is null,
        ["users.departments"] = async (s, t, caller) => await Get<UserAdmin>(s).DepartmentsAsync(caller) is null,
        ["users.assign"] = async (s, t, caller) => Refused(await Get<UserAdmin>(s).AssignAsync(caller, new UserAssignment(t.UserId, PortalRoles.Administrator, null, [t.CrmRoleId]))),
        ["users.assign_self"] = async (s, t, caller) => Refused(await Get<UserAdmin>(s).AssignAsync(caller, new UserAssignment(caller, PortalRoles.Administrator, null, []))),
        ["users.lock"] = async (s, t, caller) => Refused(await Get<UserAdmin>(s).SetLockedAsync(caller, t.AdminId, true)),
        ["crm_roles.list"] = async (s, t, caller) => await Get<CrmRoleAdmin>(s).ListAsync(caller) is null,
        ["crm_roles.get"] = async (s, t, caller) => await Get<CrmRoleAdmin>(s).GetAsync(caller, t.CrmRoleId) is null,
        ["crm_roles.save"] = async (s, t, caller) => Refused(await Get<CrmRoleAdmin>(s).SaveAsync(caller, new CrmRoleMatrix { Id = t.CrmRoleId, Name = "Taken over" })),
        ["crm_roles.create"] = async (s, t, caller) => Refused(await Get<CrmRoleAdmin>(s).SaveAsync(caller, new CrmRoleMatrix { Name = "Sneaked in" })),
        ["crm_roles.delete"] = async (s, t, caller) => Refused(await Get<CrmRoleAdmin>(s).DeleteAsync(caller, t.CrmRoleId)),
        ["lines.list"] = async (s, t, caller) => await Get<LineAdmin>(s).ListAsync(caller) is null,
        ["lines.get"] = async (s, t, caller) => await Get<LineAdmin>(s).GetAsync(caller, t.LineId) is null,
        ["lines.create"] = async (s, t, caller) => Refused(await Get<LineAdmin>(s).CreateAsync(caller, SandboxDraft("Sneaked line"))),
        ["lines.save"] = async (s, t, caller) => Refused(await Get<LineAdmin>(s).SaveAsync(caller, SandboxDraft("Renamed line", t.LineId))),
        ["lines.set_active"] = async (s, t, caller) => Refused(await Get<LineAdmin>(s).SetActiveAsync(caller, t.LineId, false)),
        ["lines.test_send"] = async (s, t, caller) => (await Get<LineAdmin>(s).TestSendAsync(caller, t.LineId, "+1 202 555 0100", "Hi")).Status == CommandStatus.NoAccess,
        ["webhook_hosts.list"] = async (s, t, caller) => await Get<WebhookHosts>(s).ListAsync(caller) is null,
        ["webhook_hosts.allow"] = async (s, t, caller) => Refused(await Get<WebhookHosts>(s).AllowAsync(caller, "sneaky.example", true)),
        ["webhook_hosts.remove"] = async (s, t, caller) => Refused(await Get<WebhookHosts>(s).RemoveAsync(caller, t.WebhookHostId)),
        ["processes.create"] = async (s, t, caller) => (await Get<ProcessAdmin>(s).SaveAsync(caller, null, 0, Process("Sneaked process"))).Status == CommandStatus.NoAccess,
        ["processes.save"] = async (s, t, caller) => (await Get<ProcessAdmin>(s).SaveAsync(caller, t.ProcessId, 0, Process("Taken over"))).Status == CommandStatus.NoAccess,
        ["processes.delete"] = async (s, t, caller) => await Get<ProcessAdmin>(s).DeleteAsync(caller, t.ProcessId) == CommandStatus.NoAccess,
        ["scenarios.create"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).CreateAsync(caller, Scenario("Sneaked scenario"))),
        ["scenarios.save"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).SaveAsync(caller, t.ScenarioId, t.ScenarioVersion, Scenario("Taken over"), true)),
        ["scenarios.set_active"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).SetActiveAsync(caller, t.ScenarioId, true)),
        ["scenarios.move"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).MoveAsync(caller, t.ScenarioId, 1)),
        ["scenarios.delete"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).DeleteAsync(caller, t.ScenarioId)),
        ["scenarios.duplicate"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).DuplicateAsync(caller, t.ScenarioId, "Copied")),
        ["scenarios.import"] = async (s, t, caller) => Refused(await Get<ScenarioAdmin>(s).ImportAsync(caller, "{}")),
        ["jobs.check"] = async (s, t, caller) => await Get<JobEngineMonitor>(s).RequestCheckAsync(caller) is null,
        ["tokens.list_all"] = async (s, t, caller) => await Get<Portal.Features.Api.AccessTokens>(s).AllAsync(caller) is null,
        ["audit.list"] = async (s, t, caller) => await Get<AuditTrail>(s).ListAsync(caller, new AuditFilter(), null, 50) is null,
        ["audit.actors"] = async (s, t, caller) => await Get<AuditTrail>(s).ActorsAsync(caller) is null,
    };

    /// <summary>Every command, once for a manager and once for a support user.</summary>
    public static TheoryData<string, string> Calls()
    {
        var calls = new TheoryData<string, string>();
        foreach (var command in Commands.Keys)
        {
            calls.Add(command, PortalRoles.Manager);
            calls.Add(command, PortalRoles.Support);
        }

        return calls;
    }

    public async Task InitializeAsync()
    {
        _scope = app.Services.CreateAsyncScope();
        var s = _scope.ServiceProvider;
        var admin = await _data.UserAsync($"Admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        var user = await _data.UserAsync($"User {Guid.NewGuid():N}", null);
        var role = await _data.DealRoleAsync(RightScope.All, CrmAction.Read);
        var roleId = (await Get<CrmRoleAdmin>(s).ListAsync(admin.Id))!.Single(r => r.Name == role).Id;
        var line = await Get<LineAdmin>(s).CreateAsync(admin.Id, SandboxDraft($"Line {Guid.NewGuid():N}"[..14]));
        var host = $"h{Guid.NewGuid():N}.example";
        Assert.True((await Get<WebhookHosts>(s).AllowAsync(admin.Id, host, false)).Succeeded);
        var hostId = (await Get<WebhookHosts>(s).ListAsync(admin.Id))!.Single(h => h.Host == host).Id;
        var process = await Get<ProcessAdmin>(s).SaveAsync(admin.Id, null, 0, Process($"Process {Guid.NewGuid():N}"));
        var scenario = await Get<ScenarioAdmin>(s).CreateAsync(admin.Id, Scenario($"Scenario {Guid.NewGuid():N}"));
        Assert.True(line.Succeeded && process.Status == CommandStatus.Ok && scenario.Status == CommandStatus.Ok);
        _targets = new Targets(admin.Id, user.Id, roleId, (int)line.Id!.Value, hostId, process.Id!.Value, scenario.Id, scenario.Version);
    }

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task NonAdministrator_IsRefused_AndNothingIsWritten(string command, string role)
    {
        var caller = await _data.UserAsync($"{role} {Guid.NewGuid():N}", null, role);
        var before = await FingerprintAsync();

        Assert.True(await Commands[command](_scope.ServiceProvider, _targets, caller.Id), $"{command} was not refused to a {role}");

        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task EveryCommand_IsCarriedOut_ForAnAdministrator()
    {
        // The refusals above mean something only if the same calls work for an administrator.
        var admin = await _data.UserAsync($"Second admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);
        foreach (var (command, call) in Commands)
        {
            Assert.False(await call(_scope.ServiceProvider, _targets with { AdminId = _targets.UserId }, admin.Id), $"{command} was refused to an administrator");
        }
    }

    private static T Get<T>(IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();

    private static bool Refused(CommandResult result) => result.Status == CommandStatus.NoAccess;

    private static bool Refused(ScenarioResult result) => result.Status == CommandStatus.NoAccess;

    private static LineDraft SandboxDraft(string name, int? id = null) =>
        new() { Id = id, Kind = LineKind.Sandbox, Name = name, RatePerSecond = 5, PhoneNumber = "+7 495 000-00-00" };

    private static ProcessDefinition Process(string name) =>
        new(name, null, CrmEntityType.Deal, true, true, false, false, null, [],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "Hi" })]);

    private static ScenarioDefinition Scenario(string name) => new(name, null, CrmEntityType.Deal, [ScenarioSamples.Comment("Hi")]);

    /// <summary>Every row of the tables an administrator's command writes, by the transaction that last wrote it.</summary>
    private async Task<string> FingerprintAsync()
    {
        string[] tables =
        [
            "AspNetUsers", "AspNetUserRoles", "UserCrmRoles", "CrmRoles", "CrmRoleRights", "WhatsAppLines", "WhatsAppMessages",
            "WebhookHosts", "ProcessTemplates", "Scenarios", "ScenarioChanges", "SchedulerChecks", "AuditEntries",
        ];
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var parts = new List<string>();
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // the table names are the constants above
            var rows = await db.Database.SqlQueryRaw<string>($"SELECT count(*) || ':' || coalesce(md5(string_agg(xmin::text, ',' ORDER BY xmin::text)), '') AS \"Value\" FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002
            parts.Add($"{table}={rows}");
        }

        return string.Join("; ", parts);
    }
}
