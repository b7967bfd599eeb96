using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Api;

/// <summary>A run over the API: the run log, its items by keyset, an item's steps, the CSV, re-run and stop, with the reader's rights.</summary>
public class RunApiTests(ApiApp app) : IClassFixture<ApiApp>
{

    [Fact]
    public async Task TheLauncher_ReadsTheRunItsItemsAndSteps_ExportsIt_ReRunsItsFailures_AndCannotStopItOnceOver()
    {
        var (manager, scenario, runId, _) = await RunAsync();
        using var client = app.Client(await app.TokenAsync(manager));

        var log = (await client.GetFromJsonAsync<ApiPage<ApiRunRow>>($"/api/v1/runs?scenarioId={scenario}", ApiApp.Json))!;
        Assert.Equal((runId, RunOutcomeKind.CompletedWithFailures, 3, 1), (Assert.Single(log.Rows).Id, log.Rows[0].Outcome, log.Rows[0].ItemCount, log.Rows[0].Failed));

        var first = (await client.GetFromJsonAsync<ApiItemPage>($"/api/v1/runs/{runId}/items?limit=2", ApiApp.Json))!;
        var second = (await client.GetFromJsonAsync<ApiItemPage>($"/api/v1/runs/{runId}/items?limit=2&next={first.Next}", ApiApp.Json))!;
        Assert.Equal((2, 3L), (first.Rows.Count, first.Total));
        Assert.Single(second.Rows);
        Assert.Null(second.Next);
        Assert.Equal(3, first.Rows.Concat(second.Rows).Select(r => r.Id).Distinct().Count());
        var failed = Assert.Single((await client.GetFromJsonAsync<ApiItemPage>($"/api/v1/runs/{runId}/items?status=Failed", ApiApp.Json))!.Rows);
        Assert.Equal((ErrorCodes.PhoneMissing, "Api silent"), (failed.ErrorCode, failed.RecordTitle));

        var sent = first.Rows.Concat(second.Rows).First(r => r.Status == ItemStatus.Completed);
        var step = Assert.Single((await client.GetFromJsonAsync<List<ApiRunStep>>($"/api/v1/items/{sent.Id}/steps", ApiApp.Json))!);
        Assert.Equal(("olchat.send_message", "Hi from the API"), (step.Robot, step.Inputs["Message"]));
        Assert.Single(step.Messages);

        using var csv = await client.GetAsync($"/api/v1/runs/{runId}/items.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var rerun = await PostAsync(client, $"/api/v1/runs/{runId}/rerun", "again-1");
        var rerunAgain = await PostAsync(client, $"/api/v1/runs/{runId}/rerun", "again-1");
        Assert.Equal(HttpStatusCode.Created, rerun.Status);
        Assert.Equal(rerun.Body.GetProperty("runId").GetInt64(), rerunAgain.Body.GetProperty("runId").GetInt64());
        var stop = await PostAsync(client, $"/api/v1/runs/{runId}/stop");
        Assert.Equal((HttpStatusCode.Conflict, ApiProblems.RunFinished), (stop.Status, stop.Body.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task AnotherOwnScopeManager_NeitherReadsNorExportsNorStopsTheRun_SupportReadsItButDoesNotControlIt()
    {
        var (_, scenario, runId, _) = await RunAsync();
        using var stranger = app.Client(await app.TokenAsync(await app.Kit.ManagerAsync(RightScope.Own)));
        using var support = app.Client(await app.TokenAsync(await app.Kit.Data.UserAsync("Api Support Reader", null, PortalRoles.Support)));

        foreach (var path in new[] { $"/api/v1/runs/{runId}", $"/api/v1/runs/{runId}/items", $"/api/v1/runs/{runId}/items.csv" })
        {
            using var answer = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        Assert.Empty((await stranger.GetFromJsonAsync<ApiPage<ApiRunRow>>($"/api/v1/runs?scenarioId={scenario}", ApiApp.Json))!.Rows);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(stranger, $"/api/v1/runs/{runId}/rerun")).Status);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync($"/api/v1/runs/{runId}/items")).StatusCode);
        Assert.Equal(runId, Assert.Single((await support.GetFromJsonAsync<ApiPage<ApiRunRow>>($"/api/v1/runs?scenarioId={scenario}", ApiApp.Json))!.Rows).Id);
        var refused = await PostAsync(support, $"/api/v1/runs/{runId}/rerun");
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.RightsInsufficient), (refused.Status, refused.Body.GetProperty("code").GetString()));
        var notStopped = await PostAsync(support, $"/api/v1/runs/{runId}/stop");
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.RightsInsufficient), (notStopped.Status, notStopped.Body.GetProperty("code").GetString()));
    }

    /// <summary>A finished run of a message scenario on three deals, one of which has no phone: (launcher, scenario, run, deals).</summary>
    private async Task<(Data.PortalUser Manager, long Scenario, long RunId, long[] Deals)> RunAsync()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync(RightScope.Own);
        var scenario = await kit.ScenarioAsync(RunTestKit.SendMessage(await kit.SandboxLineAsync()));
        long[] deals =
        [
            (await kit.Data.DealAsync("Api first", manager, contact: await kit.Data.ContactAsync("Api", "First", manager, new PhoneNumber("+7 999 444-10-01", PhoneType.Mobile)))).Id,
            (await kit.Data.DealAsync("Api second", manager, contact: await kit.Data.ContactAsync("Api", "Second", manager, new PhoneNumber("+7 999 444-10-02", PhoneType.Mobile)))).Id,
            (await kit.Data.DealAsync("Api silent", manager)).Id,
        ];
        var launch = await kit.LaunchAsync(scenario, manager, deals, new Dictionary<string, string?> { ["step1.Message"] = "Hi from the API" });
        Assert.True(launch.Launched, launch.ErrorCode);
        await kit.FinishedAsync(launch.RunId!.Value);
        return (manager, scenario.Id, launch.RunId.Value, deals);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (key is not null)
        {
            request.Headers.Add(LaunchEndpoints.IdempotencyHeader, key);
        }

        using var answer = await client.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        return (answer.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
