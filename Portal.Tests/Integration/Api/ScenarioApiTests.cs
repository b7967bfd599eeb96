using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Robots;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Api;

/// <summary>The scenarios a token's user may launch, with their launch parameters; the API's problems and its limit.</summary>
public class ScenarioApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task AManager_ListsTheScenariosTheyMayLaunch_AndReadsOnesLaunchParameters()
    {
        var kit = app.Kit;
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        using var manager = app.Client(await app.TokenAsync(await kit.ManagerAsync(RightScope.Own)));
        using var support = app.Client(await app.TokenAsync(await kit.Data.UserAsync("Api Support", null, PortalRoles.Support)));

        var deals = await manager.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios?entityType=Deal", ApiApp.Json);
        var leads = await manager.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios?entityType=Lead", ApiApp.Json);
        var one = await manager.GetFromJsonAsync<ApiScenarioDetail>($"/api/v1/scenarios/{scenario.Id}", ApiApp.Json);

        Assert.Contains(deals!, s => s.Id == scenario.Id && s.Name == scenario.Name && s.EntityType == CrmEntityType.Deal);
        Assert.DoesNotContain(leads!, s => s.Id == scenario.Id);
        var message = Assert.Single(one!.Parameters);
        Assert.Equal(("step1.Message", "Message", InputType.MultiLine, true, 1), (message.Key, message.Label, message.Type, message.Required, message.Step));
        Assert.Empty((await support.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios", ApiApp.Json))!);
        Assert.Contains("\"entityType\":\"Deal\"", await manager.GetStringAsync($"/api/v1/scenarios/{scenario.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllScenarios_SwitchedOffToo_AreListedToWhoeverManagesScenarios_AndRefusedToAManager()
    {
        var kit = app.Kit;
        var on = await kit.ScenarioAsync(RunTestKit.Comment("On"));
        var off = await kit.ScenarioAsync(RunTestKit.Comment("Off"));
        await kit.WithDbAsync(db => db.Scenarios.Where(s => s.Id == off.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));
        using var admin = app.Client(await app.TokenAsync(await kit.Data.UserAsync("Api Scenario Admin", null, PortalRoles.Administrator)));
        using var manager = app.Client(await app.TokenAsync(await kit.ManagerAsync()));

        var all = (await admin.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios?entityType=Deal&all=true", ApiApp.Json))!;
        var active = (await admin.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios?entityType=Deal", ApiApp.Json))!;
        var leads = (await admin.GetFromJsonAsync<List<ApiScenario>>("/api/v1/scenarios?entityType=Lead&all=true", ApiApp.Json))!;
        using var refused = await manager.GetAsync("/api/v1/scenarios?all=true");

        Assert.Equal((true, false), (all.Single(s => s.Id == on.Id).IsActive, all.Single(s => s.Id == off.Id).IsActive));
        Assert.Contains(active, s => s.Id == on.Id);
        Assert.DoesNotContain(active, s => s.Id == off.Id);
        Assert.DoesNotContain(leads, s => s.Id == on.Id || s.Id == off.Id);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ErrorCodes.RightsInsufficient, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AScenarioNotThere_OrNotTheirsToLaunch_IsAProblemInTheReadersLanguage()
    {
        using var manager = app.Client(await app.TokenAsync(await app.Kit.ManagerAsync()));
        manager.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");

        using var answer = await manager.GetAsync($"/api/v1/scenarios/{long.MaxValue}");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ErrorCodes.ScenarioNotFoundOrDisabled, problem.GetProperty("code").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Matches("[А-Яа-я]", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task WithoutAToken_TheProblemSaysSo()
    {
        using var anonymous = app.Client();

        using var answer = await anonymous.GetAsync("/api/v1/scenarios");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ApiProblems.TokenMissing, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ATokenOverItsLimit_Gets429WithRetryAfter_AnotherTokenDoesNot()
    {
        var user = await app.Kit.ManagerAsync();
        using var busy = app.Client(await app.TokenAsync(user));
        using var other = app.Client(await app.TokenAsync(user));
        for (var i = 0; i < ApiApp.PermitsPerMinute; i++)
        {
            using var allowed = await busy.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await busy.GetAsync("/api/v1/me");
        using var fresh = await other.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(ApiProblems.RateLimited, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

}
