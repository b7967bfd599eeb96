using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Api;
using Portal.Features.Crm;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Api;

/// <summary>Business processes over the API: what may be started on a record, a start with the panel's checks and codes, and the instance's log.</summary>
public class ProcessApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task AManager_SeesTheProcessWithItsParameters_StartsIt_AndReadsItsLogToTheEnd()
    {
        var manager = await app.Kit.ManagerAsync();
        var template = await TemplateAsync(new ProcessParameter("Reason", "Reason", Required: true));
        var deal = await app.Kit.Data.DealAsync("Api process", manager);
        using var client = app.Client(await app.TokenAsync(manager));

        var startable = (await client.GetFromJsonAsync<ApiStartableProcesses>($"/api/v1/processes?entityType=Deal&recordId={deal.Id}", Json))!;
        using var answer = await client.PostAsJsonAsync($"/api/v1/processes/{template}/start", new { entityType = "Deal", recordId = deal.Id, parameters = new Dictionary<string, string> { ["Reason"] = "the customer asked" } });

        Assert.True(startable.MayStart);
        Assert.Equal([new ApiProcessParameter("Reason", "Reason", true)], Assert.Single(startable.Items, p => p.Id == template).Parameters);
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var started = (await answer.Content.ReadFromJsonAsync<ApiProcessStarted>(Json))!;
        var instance = await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<ApiProcessInstance>(started.Instance, Json)) is { Status: ProcessStatus.Completed } done ? done : null,
            what: "the process to complete");
        Assert.Equal((ProcessTrigger.Manual, manager.DisplayName), (instance.Trigger, instance.StartedBy));
        Assert.Contains(instance.Log, l => l.Code == ProcessLog.Completed);
        Assert.True(await app.Kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityId == deal.Id && e.Text == "Because the customer asked")));
    }

    [Fact]
    public async Task EveryRefusal_IsItsProblemCode_AndNoInstanceIsWritten()
    {
        var kit = app.Kit;
        var manager = await kit.ManagerAsync();
        var own = await kit.ManagerAsync(RightScope.Own);
        var support = await kit.Data.UserAsync("Api Process Support", null, PortalRoles.Support);
        var template = await TemplateAsync(new ProcessParameter("Reason", "Reason", Required: true));
        var deal = await kit.Data.DealAsync("Api process refused", manager);
        using var client = app.Client(await app.TokenAsync(manager));
        using var ownClient = app.Client(await app.TokenAsync(own));
        using var supportClient = app.Client(await app.TokenAsync(support));
        var valid = $"{{\"entityType\":\"Deal\",\"recordId\":{deal.Id},\"parameters\":{{\"Reason\":\"x\"}}}}";

        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, template, "{\"entityType\":"));
        Assert.Equal((400, ApiProblems.BadRequest), await RefusedAsync(client, template, $"{{\"entityType\":\"Deal\",\"recordId\":{deal.Id},\"colour\":\"red\"}}"));
        Assert.Equal((422, ErrorCodes.ParameterMissing), await RefusedAsync(client, template, $"{{\"entityType\":\"Deal\",\"recordId\":{deal.Id}}}", "Reason"));
        Assert.Equal((404, ApiProblems.NotFound), await RefusedAsync(client, long.MaxValue, valid));
        Assert.Equal((404, ApiProblems.NotFound), await RefusedAsync(client, template, $"{{\"entityType\":\"Contact\",\"recordId\":{deal.Id},\"parameters\":{{\"Reason\":\"x\"}}}}"));
        Assert.Equal((404, ErrorCodes.EntityNotFound), await RefusedAsync(client, template, $"{{\"entityType\":\"Deal\",\"recordId\":{long.MaxValue},\"parameters\":{{\"Reason\":\"x\"}}}}"));
        Assert.Equal((403, ErrorCodes.RightsInsufficient), await RefusedAsync(ownClient, template, valid));
        Assert.Equal((403, ErrorCodes.RightsInsufficient), await RefusedAsync(supportClient, template, valid));

        foreach (var query in new[] { "entityType=Planet&recordId=1", "entityType=Deal", "entityType=Deal&recordId=x" })
        {
            using var listed = await client.GetAsync($"/api/v1/processes?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, listed.StatusCode);
            Assert.Equal(ApiProblems.BadRequest, JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        Assert.Empty((await ownClient.GetFromJsonAsync<ApiStartableProcesses>($"/api/v1/processes?entityType=Deal&recordId={deal.Id}", Json))!.Items);
        Assert.Equal(0, await kit.WithDbAsync(db => db.ProcessInstances.CountAsync(i => i.TemplateId == template)));
    }

    [Fact]
    public async Task AnInstance_IsHiddenFromWhoMayNotReadItsRecord()
    {
        var manager = await app.Kit.ManagerAsync();
        var own = await app.Kit.ManagerAsync(RightScope.Own);
        var template = await TemplateAsync();
        var deal = await app.Kit.Data.DealAsync("Api process hidden", manager);
        var started = await app.Services.GetRequiredService<ProcessStarter>().StartAsync(manager.Id, template, CrmEntityType.Deal, deal.Id, new Dictionary<string, string?>());
        using var ownClient = app.Client(await app.TokenAsync(own));
        using var client = app.Client(await app.TokenAsync(manager));

        using var hidden = await ownClient.GetAsync($"/api/v1/processes/instances/{started.InstanceId}");
        using var missing = await client.GetAsync($"/api/v1/processes/instances/{long.MaxValue}");
        using var shown = await client.GetAsync($"/api/v1/processes/instances/{started.InstanceId}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK), (hidden.StatusCode, missing.StatusCode, shown.StatusCode));
    }

    /// <summary>A manual Deal process that comments "Because {{Start.Reason}}", saved as an administrator would.</summary>
    private async Task<long> TemplateAsync(params ProcessParameter[] parameters)
    {
        var admin = await app.Kit.Data.UserAsync("Api Process Admin", null, PortalRoles.Administrator);
        var activities = new[] { new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "Because {{Start.Reason}}" }) };
        var result = await app.Services.GetRequiredService<ProcessAdmin>().SaveAsync(
            admin.Id, null, 0, new ProcessDefinition($"Api process {Guid.NewGuid():N}", null, CrmEntityType.Deal, true, true, false, false, null, parameters, activities));
        Assert.Equal(CommandStatus.Ok, result.Status);
        return result.Id!.Value;
    }

    /// <summary>Posts <paramref name="json"/> to start <paramref name="template"/>; the answer's status and problem code (and that <paramref name="field"/> has an error, when named).</summary>
    private static async Task<(int Status, string? Code)> RefusedAsync(HttpClient client, long template, string json, string? field = null)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var answer = await client.PostAsync($"/api/v1/processes/{template}/start", content);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        if (field is not null)
        {
            Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field).EnumerateArray());
        }

        return ((int)answer.StatusCode, problem.GetProperty("code").GetString());
    }
}
