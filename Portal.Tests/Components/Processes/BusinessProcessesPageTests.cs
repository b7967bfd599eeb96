using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Security;
using Portal.Features.Engine;
using Portal.Features.Engine.Robots;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Processes;

/// <summary>The business process list and the job engine's admin page, on a real database.</summary>
public sealed class BusinessProcessesPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task EachProcess_ShowsWhetherItIsActive_AndHowItStarts()
    {
        var admin = await Data.UserAsync("Process admin", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);
        var on = await TemplateAsync($"On {Guid.NewGuid():N}", admin.Id, isActive: true);
        var off = await TemplateAsync($"Off {Guid.NewGuid():N}", admin.Id, isActive: false);

        var cut = Render<BusinessProcessesPage>();

        cut.WaitForElement($"[data-testid=process-row-{on}]");
        Assert.Equal("Active", cut.Find($"[data-testid=process-row-{on}] [data-testid=process-state]").TextContent.Trim());
        Assert.Equal("Inactive", cut.Find($"[data-testid=process-row-{off}] [data-testid=process-state]").TextContent.Trim());
        Assert.Contains("manually", cut.Find($"[data-testid=process-row-{on}]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/business-processes/{on}", cut.Find($"[data-testid=process-row-{on}] [data-testid=process-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task TheJobEnginePage_SaysNoProcessRunsJobs_AndAskedForACheck_SaysItWaits()
    {
        var admin = await Data.UserAsync("Scheduler admin", null, PortalRoles.Administrator);
        SignIn(admin.Id, admin.DisplayName, PortalRoles.Administrator);

        var cut = Render<JobEnginePage>();

        cut.WaitForAssertion(() => Assert.Contains("No process is executing jobs", cut.Find("[data-testid=scheduler-nodes]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=scheduler-check]").Click();
        cut.WaitForAssertion(() => Assert.Contains("waiting for a worker", cut.Find("[data-testid=scheduler-check-result]").TextContent, StringComparison.Ordinal));
    }

    private async Task<long> TemplateAsync(string name, string userId, bool isActive)
    {
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var definition = new ProcessDefinition(name, null, CrmEntityType.Deal, isActive, true, false, false, null, [], [ProcessActivities.NewStartScenario(1)]);
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, userId, DateTimeOffset.UtcNow);
        db.ProcessTemplates.Add(template);
        await db.SaveChangesAsync();
        return template.Id;
    }
}
