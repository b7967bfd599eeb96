using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Features.RunLog;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Api;

/// <summary>Searching the run log over the API: the search page's service, its problems as 422s, pages by an opaque cursor.</summary>
public class RunSearchApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task ALaunchersItems_ComeNewestFirst_PageByPage_WithTheirRecords()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Searched"));
        var deals = new List<Deal>();
        for (var i = 0; i <= RunSearch.PageSize; i++)
        {
            deals.Add(await kit.Data.DealAsync($"Searched {i}", manager));
        }

        var launched = await kit.LaunchAsync(scenario, manager, deals.Select(d => d.Id));
        await kit.FinishedAsync(launched.RunId!.Value);
        using var client = app.Client(await app.TokenAsync(manager));

        var first = (await client.GetFromJsonAsync<ApiFoundItems>($"/api/v1/runs/search?userId={manager.Id}", Json))!;
        var second = (await client.GetFromJsonAsync<ApiFoundItems>($"/api/v1/runs/search?userId={manager.Id}&next={first.Next}", Json))!;
        var byRecord = (await client.GetFromJsonAsync<ApiFoundItems>($"/api/v1/runs/search?entityType=Deal&recordId={deals[0].Id}", Json))!;

        Assert.Equal(RunSearch.PageSize, first.Items.Count);
        Assert.Null(second.Next);
        var all = first.Items.Concat(second.Items).ToList();
        Assert.Equal(all.Select(i => i.ItemId).OrderDescending(), all.Select(i => i.ItemId));
        Assert.Equal(deals.Select(d => (long?)d.Id).Order(), all.Select(i => i.RecordId).Order());
        var found = Assert.Single(byRecord.Items);
        Assert.Equal((launched.RunId, "Searched 0", false, ItemStatus.Completed), (found.RunId, found.RecordTitle, found.RecordHidden, found.Status));
    }

    [Fact]
    public async Task AnOwnScopeManager_DoesNotFindAnothersRecord_SupportDoes()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var own = await kit.ManagerAsync(RightScope.Own);
        var support = await kit.Data.UserAsync("Api Search Support", null, PortalRoles.Support);
        var scenario = await kit.ScenarioAsync(RunTestKit.Comment("Not yours"));
        var deal = await kit.Data.DealAsync("Not yours", manager);
        await kit.FinishedAsync((await kit.LaunchAsync(scenario, manager, [deal.Id])).RunId!.Value);
        using var ownClient = app.Client(await app.TokenAsync(own));
        using var supportClient = app.Client(await app.TokenAsync(support));
        var query = $"/api/v1/runs/search?entityType=Deal&recordId={deal.Id}";

        var ownFound = (await ownClient.GetFromJsonAsync<ApiFoundItems>(query, Json))!;
        var supportFound = (await supportClient.GetFromJsonAsync<ApiFoundItems>(query, Json))!;

        Assert.Empty(ownFound.Items);
        Assert.Equal(deal.Id, Assert.Single(supportFound.Items).RecordId);
    }

    [Theory]
    [InlineData("phone=not-a-number", 422, RunSearch.NotAPhone, "phone")]
    [InlineData("errorCode=no.such_code", 422, RunSearch.UnknownCode, "errorCode")]
    [InlineData("", 422, RunSearch.NothingToSearch, null)]
    [InlineData("recordId=x", 400, ApiProblems.BadRequest, null)]
    [InlineData("entityType=Planet&recordId=1", 400, ApiProblems.BadRequest, null)]
    [InlineData("recordId=1&next=%21%21", 400, ApiProblems.BadRequest, null)]
    public async Task BadInput_IsItsProblemCode_OnItsField(string query, int status, string code, string? field)
    {
        using var client = app.Client(await app.TokenAsync(await app.Kit.ManagerAsync()));

        using var answer = await client.GetAsync($"/api/v1/runs/search?{query}");

        Assert.Equal((HttpStatusCode)status, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field).EnumerateArray());
        }
    }
}
