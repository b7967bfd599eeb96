using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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

namespace Portal.Tests.Integration.Audit;

/// <summary>
/// Each family of administrators' commands writes one audit entry per change, with who, what and old → new, in the
/// same transaction; the table takes no UPDATE or DELETE; the page's query filters and pages. (That a refused command
/// writes no entry is checked with every other refusal in <c>AdminCommandsTests</c>, whose fingerprint counts the table.)
/// </summary>
public sealed class AuditTrailTests(PortalApp app) : IClassFixture<PortalApp>, IDisposable
{
    private readonly CrmTestData _data = new(app.Services);
    private readonly IServiceScope _scope = app.Services.CreateScope();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public async Task UserAssignment_AndLocking_AreRecorded_OldToNew()
    {
        var admin = await AdminAsync();
        var user = await _data.UserAsync($"Audited {Guid.NewGuid():N}", null);
        var departmentName = $"Dept {Guid.NewGuid():N}"[..13];
        var department = await _data.DepartmentAsync(departmentName);
        var role = await _data.DealRoleAsync(RightScope.All, CrmAction.Read);
        var roleId = (await Get<CrmRoleAdmin>().ListAsync(admin.Id))!.Single(r => r.Name == role).Id;

        Assert.True((await Get<UserAdmin>().AssignAsync(admin.Id, new UserAssignment(user.Id, PortalRoles.Support, department, [roleId]))).Succeeded);
        Assert.True((await Get<UserAdmin>().SetLockedAsync(admin.Id, user.Id, true)).Succeeded);
        Assert.True((await Get<UserAdmin>().SetLockedAsync(admin.Id, user.Id, false)).Succeeded);

        var entries = await EntriesAboutAsync(user.Id, AuditArea.Users);
        Assert.Equal([AuditAction.Assign, AuditAction.Lock, AuditAction.Unlock], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((admin.Id, admin.DisplayName, AuditArea.Users, user.DisplayName), (e.ActorId, e.ActorName, e.Area, e.SubjectName)));
        Assert.Equal(
            [new AuditChange("PortalRole", PortalRoles.Manager, PortalRoles.Support), new AuditChange("Department", null, departmentName), new AuditChange("CrmRoles", "", role)],
            entries[0].Changes);
    }

    [Fact]
    public async Task CrmRole_SaveAndDelete_RecordTheMatrixChanges()
    {
        var admin = await AdminAsync();
        var roles = Get<CrmRoleAdmin>();
        var name = $"Role {Guid.NewGuid():N}";
        var matrix = new CrmRoleMatrix { Name = name };
        matrix[CrmEntityType.Deal, CrmAction.Read] = RightScope.All;
        Assert.True((await roles.SaveAsync(admin.Id, matrix)).Succeeded);
        var id = (await roles.ListAsync(admin.Id))!.Single(r => r.Name == name).Id;
        var edited = (await roles.GetAsync(admin.Id, id))!;
        edited[CrmEntityType.Deal, CrmAction.Read] = RightScope.Own;
        edited.ManagesScenarios = true;

        Assert.True((await roles.SaveAsync(admin.Id, edited)).Succeeded);
        Assert.True((await roles.DeleteAsync(admin.Id, id)).Succeeded);

        var entries = await EntriesAboutAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.CrmRoles);
        Assert.Equal([AuditAction.Create, AuditAction.Save, AuditAction.Delete], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((admin.Id, AuditArea.CrmRoles, name), (e.ActorId, e.Area, e.SubjectName)));
        Assert.Contains(new AuditChange("Deal.Read", null, "All"), entries[0].Changes);
        Assert.Equal([new AuditChange("ManagesScenarios", "false", "true"), new AuditChange("Deal.Read", "All", "Own")], entries[1].Changes);
        Assert.Contains(new AuditChange("Name", name, null), entries[2].Changes);
    }

    [Fact]
    public async Task Line_CreateSaveAndSwitch_AreRecorded_WithTheSecretsMasked()
    {
        var admin = await AdminAsync();
        var lines = Get<LineAdmin>();
        const string token = "EAAG-first-token-7f3a", newToken = "EAAG-second-token-91bc", appSecret = "app-secret-55d0";
        var name = $"Audited line {Guid.NewGuid():N}"[..24];
        var draft = new LineDraft
        {
            Kind = LineKind.CloudApi,
            Name = name,
            PhoneNumber = "+1 555 000 1234",
            BaseUrl = "https://graph.example.com",
            ApiVersion = "v21.0",
            PhoneNumberId = "1234567890",
            AccessToken = token,
            AppSecret = appSecret,
        };
        var created = await lines.CreateAsync(admin.Id, draft);
        Assert.True(created.Succeeded, created.ToString());
        var id = (int)created.Id!.Value;
        var opened = (await lines.GetAsync(admin.Id, id))!;

        Assert.True((await lines.SaveAsync(admin.Id, new LineDraft
        {
            Id = id,
            Version = opened.Version,
            Kind = LineKind.CloudApi,
            Name = name,
            PhoneNumber = opened.PhoneNumber,
            RatePerSecond = 7,
            BaseUrl = opened.BaseUrl,
            ApiVersion = opened.ApiVersion,
            PhoneNumberId = opened.PhoneNumberId,
            AccessToken = newToken,
        })).Succeeded);
        Assert.True((await lines.SetActiveAsync(admin.Id, id, false)).Succeeded);

        var entries = await EntriesAboutAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.Lines);
        Assert.Equal([AuditAction.Create, AuditAction.Save, AuditAction.SetActive], entries.Select(e => e.Action));
        Assert.Contains(new AuditChange("AccessToken", null, null, Masked: true), entries[0].Changes);
        Assert.Contains(new AuditChange("AppSecret", null, null, Masked: true), entries[0].Changes);
        Assert.Equal([new AuditChange("RatePerSecond", "80", "7"), new AuditChange("AccessToken", null, null, Masked: true)], entries[1].Changes);
        Assert.Equal([new AuditChange("IsActive", "true", "false")], entries[2].Changes);

        // Neither the tokens nor their encrypted forms are anywhere in the trail's rows.
        await using var db = await DbAsync();
        var stored = await db.WhatsAppLines.Where(l => l.Id == id).Select(l => new { l.ProtectedAccessToken, l.ProtectedAppSecret }).SingleAsync();
        var raw = string.Join("\n", await db.Database.SqlQuery<string>($"SELECT row_to_json(a)::text AS \"Value\" FROM \"AuditEntries\" a").ToListAsync());
        foreach (var secret in new[] { token, newToken, appSecret, stored.ProtectedAccessToken!, stored.ProtectedAppSecret! })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WebhookHosts_Processes_AndTheEngineCheck_AreRecorded()
    {
        var admin = await AdminAsync();
        var host = $"h{Guid.NewGuid():N}.example";
        Assert.True((await Get<WebhookHosts>().AllowAsync(admin.Id, host, true)).Succeeded);
        var hostId = (await Get<WebhookHosts>().ListAsync(admin.Id))!.Single(h => h.Host == host).Id;
        Assert.True((await Get<WebhookHosts>().RemoveAsync(admin.Id, hostId)).Succeeded);

        var processes = Get<ProcessAdmin>();
        var process = await processes.SaveAsync(admin.Id, null, 0, Process("Audited process"));
        var processId = process.Id!.Value;
        var version = (await processes.GetAsync(processId))!.Version;
        Assert.Equal(CommandStatus.Ok, (await processes.SaveAsync(admin.Id, processId, version, Process("Renamed process"))).Status);
        Assert.Equal(CommandStatus.Ok, await processes.DeleteAsync(admin.Id, processId));

        Assert.NotNull(await Get<JobEngineMonitor>().RequestCheckAsync(admin.Id));

        var hostEntries = await EntriesAboutAsync(hostId.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.WebhookHosts);
        Assert.Equal([AuditAction.Allow, AuditAction.Remove], hostEntries.Select(e => e.Action));
        Assert.Equal([new AuditChange("Host", null, host), new AuditChange("AllowPrivateNetwork", null, "true")], hostEntries[0].Changes);
        var processEntries = await EntriesAboutAsync(processId.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.Processes);
        Assert.Equal([AuditAction.Create, AuditAction.Save, AuditAction.Delete], processEntries.Select(e => e.Action));
        Assert.Equal([new AuditChange("Name", "Audited process", "Renamed process")], processEntries[1].Changes);
        Assert.Equal("Renamed process", processEntries[2].SubjectName);
        var check = Assert.Single(await EntriesByAsync(admin.Id), e => e.Area == AuditArea.Engine);
        Assert.Equal(AuditAction.Check, check.Action);
    }

    [Fact]
    public async Task ScenarioCommands_AreRecorded_AtTheLevelAnAdministratorReads()
    {
        var admin = await AdminAsync();
        var scenarios = Get<ScenarioAdmin>();
        var name = $"Audited {Guid.NewGuid():N}"[..20];
        var created = await scenarios.CreateAsync(admin.Id, Scenario(name));
        Assert.True(created.Succeeded);
        var saved = await scenarios.SaveAsync(admin.Id, created.Id, created.Version, Scenario(name + " v2", steps: 2), false);
        Assert.True(saved.Succeeded);
        Assert.True((await scenarios.SetActiveAsync(admin.Id, created.Id, true)).Succeeded);
        Assert.True((await scenarios.MoveAsync(admin.Id, created.Id, -1)).Succeeded);
        var copy = await scenarios.DuplicateAsync(admin.Id, created.Id, name + " copy");
        var imported = await scenarios.ImportAsync(admin.Id, (await scenarios.ExportAsync(created.Id))!.Value.Json);
        Assert.True(copy.Succeeded && imported.Succeeded);
        Assert.True((await scenarios.DeleteAsync(admin.Id, created.Id)).Succeeded);

        var entries = await EntriesAboutAsync(created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.Scenarios);
        Assert.Equal([AuditAction.Create, AuditAction.Save, AuditAction.SetActive, AuditAction.Move, AuditAction.Delete], entries.Select(e => e.Action));
        Assert.Contains(new AuditChange("Name", name, name + " v2"), entries[1].Changes);
        Assert.Contains(new AuditChange("Robots", "crm.add_comment", "crm.add_comment, crm.add_comment"), entries[1].Changes);
        Assert.Equal([new AuditChange("IsActive", "false", "true")], entries[2].Changes);
        Assert.Equal(AuditAction.Duplicate, Assert.Single(await EntriesAboutAsync(copy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.Scenarios)).Action);
        Assert.Equal(AuditAction.Import, Assert.Single(await EntriesAboutAsync(imported.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditArea.Scenarios)).Action);
    }

    [Fact]
    public async Task TheTable_RefusesUpdateAndDelete()
    {
        var admin = await AdminAsync();
        Assert.True((await Get<WebhookHosts>().AllowAsync(admin.Id, $"h{Guid.NewGuid():N}.example", false)).Succeeded);
        await using var db = await DbAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"ActorName\" = 'Nobody' WHERE \"ActorId\" = {admin.Id}"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"ActorId\" = {admin.Id}"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, delete.SqlState);
        Assert.Equal(admin.DisplayName, Assert.Single(await EntriesByAsync(admin.Id)).ActorName);
    }

    [Fact]
    public async Task Query_FiltersAndPages_NewestFirst_ForAdministratorsOnly()
    {
        var admin = await AdminAsync();
        var hosts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            hosts.Add($"page{i}-{Guid.NewGuid():N}.example");
            Assert.True((await Get<WebhookHosts>().AllowAsync(admin.Id, hosts[^1], false)).Succeeded);
        }

        var scenario = await Get<ScenarioAdmin>().CreateAsync(admin.Id, Scenario($"Filtered {Guid.NewGuid():N}"[..20]));
        Assert.True(scenario.Succeeded);
        var trail = Get<AuditTrail>();
        var byAdmin = new AuditFilter(ActorId: admin.Id, Area: AuditArea.WebhookHosts);

        var first = (await trail.ListAsync(admin.Id, byAdmin, null, 2))!;
        var second = (await trail.ListAsync(admin.Id, byAdmin, first.Next, 2))!;
        var third = (await trail.ListAsync(admin.Id, byAdmin, second.Next, 2))!;

        Assert.Equal(hosts.AsEnumerable().Reverse(), first.Rows.Concat(second.Rows).Concat(third.Rows).Select(e => e.SubjectName));
        Assert.NotNull(second.Next);
        Assert.Null(third.Next);
        var created = Assert.Single((await trail.ListAsync(admin.Id, new AuditFilter(admin.Id, Action: AuditAction.Create), null, 50))!.Rows);
        Assert.Equal(AuditArea.Scenarios, created.Area);
        Assert.Equal(6, (await trail.ListAsync(admin.Id, new AuditFilter(admin.Id, From: created.At.AddMinutes(-5), To: created.At.AddMinutes(5)), null, 50))!.Rows.Count);
        Assert.Empty((await trail.ListAsync(admin.Id, new AuditFilter(admin.Id, From: created.At.AddMinutes(5)), null, 50))!.Rows);
        var before = (await trail.ListAsync(admin.Id, new AuditFilter(admin.Id, To: created.At), null, 50))!.Rows;
        Assert.Equal(5, before.Count);
        Assert.All(before, e => Assert.Equal(AuditArea.WebhookHosts, e.Area));

        var manager = await _data.UserAsync($"Manager {Guid.NewGuid():N}", null);
        Assert.Null(await trail.ListAsync(manager.Id, new AuditFilter(), null, 50));
        Assert.Null(await trail.ActorsAsync(manager.Id));
    }

    [Fact]
    public async Task SignInAttempts_AreRecorded_WithTheAccountAndAddress()
    {
        var user = await _data.UserAsync($"Signing {Guid.NewGuid():N}", null);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        var trail = Get<AuditTrail>();

        await trail.RecordSignInAsync(user.Email!.ToUpperInvariant(), AuditAction.SignIn, "203.0.113.7");
        await trail.RecordSignInAsync(unknown, AuditAction.SignInFailed, "203.0.113.8");

        var signedIn = Assert.Single(await EntriesByAsync(user.Id));
        Assert.Equal((AuditArea.SignIn, AuditAction.SignIn, user.DisplayName, "203.0.113.7"), (signedIn.Area, signedIn.Action, signedIn.ActorName, signedIn.Address));
        await using var db = await DbAsync();
        var failed = await db.AuditEntries.SingleAsync(e => e.SubjectName == unknown);
        Assert.Equal((null, unknown, AuditAction.SignInFailed, "203.0.113.8"), (failed.ActorId, failed.ActorName, failed.Action, failed.Address));
    }

    private T Get<T>()
        where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    private Task<PortalUser> AdminAsync() => _data.UserAsync($"Auditor {Guid.NewGuid():N}", null, PortalRoles.Administrator);

    private Task<PortalDbContext> DbAsync() => app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<AuditEntry>> EntriesAboutAsync(string subjectId, AuditArea area)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(e => e.SubjectId == subjectId && e.Area == area).OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<List<AuditEntry>> EntriesByAsync(string actorId)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(e => e.ActorId == actorId).OrderBy(e => e.Id).ToListAsync();
    }

    private static ProcessDefinition Process(string name) =>
        new(name, null, CrmEntityType.Deal, true, true, false, false, null, [],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "Hi" })]);

    private static ScenarioDefinition Scenario(string name, int steps = 1) =>
        new(name, null, CrmEntityType.Deal, Enumerable.Range(0, steps).Select(_ => ScenarioSamples.Comment("Hi")).ToList());
}
