using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Api;

/// <summary>Launching over the API: the launch service's run, its checks and codes as problems, and the Idempotency-Key.</summary>
public class LaunchApiTests(ApiApp app) : IClassFixture<ApiApp>
{

    [Fact]
    public async Task AManager_LaunchesOnThreeDeals_AndFollowsTheRunToItsEnd()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("From the API"));
        var deals = new[] { await kit.Data.DealAsync("Api one", manager), await kit.Data.DealAsync("Api two", manager), await kit.Data.DealAsync("Api three", manager) };
        using var client = app.Client(await app.TokenAsync(manager));

        using var answer = await client.PostAsJsonAsync("/api/v1/launches", new { scenarioId = scenario.Id, entityType = "Deal", recordIds = deals.Select(d => d.Id) });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var launched = (await answer.Content.ReadFromJsonAsync<ApiLaunched>(ApiApp.Json))!;
        Assert.Equal($"/api/v1/runs/{launched.RunId}", answer.Headers.Location?.OriginalString);
        await kit.FinishedAsync(launched.RunId);
        var run = (await client.GetFromJsonAsync<ApiRun>(launched.Run, ApiApp.Json))!;
        Assert.Equal((RunStatus.Completed, RunSource.Api, 3, 3), (run.Status, run.Source, run.ItemCount, run.Counts[ItemStatus.Completed]));
        Assert.Equal(scenario.Name, run.ScenarioName);
    }

    [Fact]
    public async Task AnOwnScopeManager_LaunchesOnTheListsFilter_AndReachesOnlyTheRecordsTheListShowsThem()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync(RightScope.Own);
        var colleague = await kit.ManagerAsync(RightScope.Own);
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("From a filter"));
        var tag = $"Filtered {Guid.NewGuid():N}"[..20];
        var mine = new[] { await kit.Data.DealAsync($"{tag} one", manager, amount: 500), await kit.Data.DealAsync($"{tag} two", manager, amount: 700) };
        var excepted = await kit.Data.DealAsync($"{tag} three", manager, amount: 600);
        var tooSmall = await kit.Data.DealAsync($"{tag} small", manager, amount: 10);
        var theirs = await kit.Data.DealAsync($"{tag} theirs", colleague, amount: 800);
        using var client = app.Client(await app.TokenAsync(manager));

        using var answer = await client.PostAsJsonAsync("/api/v1/launches", new
        {
            scenarioId = scenario.Id,
            entityType = "Deal",
            filter = new { search = tag, amountFrom = 100, exceptIds = new[] { excepted.Id } },
        });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var runId = (await answer.Content.ReadFromJsonAsync<ApiLaunched>(ApiApp.Json))!.RunId;
        await kit.FinishedAsync(runId);
        var reached = await kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == runId).Select(i => i.EntityId).Order().ToListAsync());
        Assert.Equal(mine.Select(d => d.Id).Order(), reached);
        Assert.DoesNotContain(theirs.Id, reached);
        Assert.DoesNotContain(tooSmall.Id, reached);
    }

    [Fact]
    public async Task AnOwnScopeManager_NamingAnothersRecordById_ChangesNothingOnIt_AndTheRunHidesIt()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync(RightScope.Own);
        var colleague = await kit.ManagerAsync(RightScope.Own);
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Not on theirs"));
        var mine = await kit.Data.DealAsync("Api mine", manager);
        var theirs = await kit.Data.DealAsync("Api theirs", colleague);
        using var client = app.Client(await app.TokenAsync(manager));

        using var answer = await client.PostAsJsonAsync("/api/v1/launches", new { scenarioId = scenario.Id, entityType = "Deal", recordIds = new[] { mine.Id, theirs.Id } });

        var runId = (await answer.Content.ReadFromJsonAsync<ApiLaunched>(ApiApp.Json))!.RunId;
        await kit.FinishedAsync(runId);
        var items = (await client.GetFromJsonAsync<ApiItemPage>($"/api/v1/runs/{runId}/items", ApiApp.Json))!.Rows;
        var hidden = Assert.Single(items, i => i.RecordHidden);
        Assert.Equal((ItemStatus.Failed, ErrorCodes.RightsInsufficient, null), (hidden.Status, hidden.ErrorCode, hidden.RecordId));
        Assert.Equal(ItemStatus.Completed, Assert.Single(items, i => !i.RecordHidden).Status);
        Assert.Equal(0, await kit.WithDbAsync(db => db.TimelineEntries.CountAsync(t => t.EntityId == theirs.Id && t.EntityType == CrmEntityType.Deal && t.Text == "Not on theirs")));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyTwice_GivesOneRun_AnotherUsersSameKeyItsOwn()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var other = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Once"));
        var deal = await kit.Data.DealAsync("Api once", manager);
        using var client = app.Client(await app.TokenAsync(manager));
        using var otherClient = app.Client(await app.TokenAsync(other));
        var body = new { scenarioId = scenario.Id, entityType = "Deal", recordIds = new[] { deal.Id } };

        var first = await LaunchAsync(client, body, "order-4711");
        var again = await LaunchAsync(client, body, "order-4711");
        var theirs = await LaunchAsync(otherClient, body, "order-4711");

        Assert.Equal(first, again);
        Assert.NotEqual(first, theirs);
        Assert.Equal(2, await kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task EveryRefusal_IsItsProblemCode_AndNothingIsWritten()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var support = await kit.Data.UserAsync("Api Support", null, PortalRoles.Support);
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        var off = await kit.ScenarioAsync(RunTestKit.Comment("Off"));
        await kit.WithDbAsync(db => db.Scenarios.Where(s => s.Id == off.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        var deal = await kit.Data.DealAsync("Api refused", manager);
        using var client = app.Client(await app.TokenAsync(manager));
        using var supportClient = app.Client(await app.TokenAsync(support));
        var before = await RunsOfAsync(manager.Id, support.Id);

        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, "{\"scenarioId\": "));
        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}],\"values\":{{\"step1.Message\":\"Hi\"}},\"colour\":\"red\"}}"));
        Assert.Equal((422, ErrorCodes.ParameterMissing), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}]}}", "step1.Message"));
        Assert.Equal((404, ErrorCodes.ScenarioNotFoundOrDisabled), await RefusedAsync(client, $"{{\"scenarioId\":{long.MaxValue},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}]}}"));
        Assert.Equal((404, ErrorCodes.ScenarioNotFoundOrDisabled), await RefusedAsync(client, $"{{\"scenarioId\":{off.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}]}}"));
        Assert.Equal((422, ErrorCodes.EntityWrongType), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Lead\",\"recordIds\":[{deal.Id}],\"values\":{{\"step1.Message\":\"Hi\"}}}}"));
        var tooMany = string.Join(',', Enumerable.Range(1, 10_001));
        Assert.Equal((422, ErrorCodes.LaunchTooManyEntities), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{tooMany}],\"values\":{{\"step1.Message\":\"Hi\"}}}}"));
        Assert.Equal((413, ApiProblems.TooLarge), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}],\"values\":{{\"step1.Message\":\"{new string('x', LaunchEndpoints.MaxBodyBytes)}\"}}}}"));
        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"values\":{{\"step1.Message\":\"Hi\"}}}}"));
        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}],\"filter\":{{}}}}"));
        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Lead\",\"filter\":{{\"stageIds\":[1]}}}}"));
        Assert.Equal((422, ErrorCodes.LaunchNoEntities), await RefusedAsync(client, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"filter\":{{\"search\":\"{Guid.NewGuid():N}\"}},\"values\":{{\"step1.Message\":\"Hi\"}}}}"));
        Assert.Equal((403, ErrorCodes.RightsInsufficient), await RefusedAsync(supportClient, $"{{\"scenarioId\":{scenario.Id},\"entityType\":\"Deal\",\"recordIds\":[{deal.Id}],\"values\":{{\"step1.Message\":\"Hi\"}}}}"));

        Assert.Equal(before, await RunsOfAsync(manager.Id, support.Id));
    }

    private static async Task<long> LaunchAsync(HttpClient client, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/launches") { Content = JsonContent.Create(body) };
        request.Headers.Add(LaunchEndpoints.IdempotencyHeader, key);
        using var answer = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<ApiLaunched>(ApiApp.Json))!.RunId;
    }

    /// <summary>Posts <paramref name="json"/>; the answer's status and problem code (and that <paramref name="field"/> has an error, when named).</summary>
    private static async Task<(int Status, string? Code)> RefusedAsync(HttpClient client, string json, string? field = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var answer = await client.PostAsync("/api/v1/launches", content);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        if (field is not null)
        {
            Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field).EnumerateArray());
        }

        return ((int)answer.StatusCode, problem.GetProperty("code").GetString());
    }

    private Task<int> RunsOfAsync(params string[] users) => app.Kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => users.Contains(r.LaunchedById)));
}
