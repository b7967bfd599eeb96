using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>A card's "Scenario runs" panel: it reads the database as the signed-in user.</summary>
public sealed class EntityRunsPanelTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task ARecordNoRunTouched_SaysSo_InTheUsersLanguage()
    {
        var me = await Data.UserAsync("Runs reader", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync("no runs yet", me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        UseCulture("ru");

        var cut = Render<EntityRunsPanel>(p => p
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.EntityId, deal.Id));

        var empty = cut.WaitForElement("[data-testid=entity-runs-empty]");
        Assert.Equal("Смарт-сценарии на этой записи ещё не запускались.", empty.TextContent.Trim());
    }

    [Fact]
    public async Task ARunThatFailedTheRecord_IsListed_WithItsError_AndLinksToTheFailedItems()
    {
        var runs = new RunComponentData(Services);
        var (user, deal, scenario, runId) = await runs.RunOnADealAsync();
        await runs.FinishAsync(runId, ItemStatus.Failed, "phone_invalid");
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = Render<EntityRunsPanel>(p => p
            .Add(c => c.EntityType, CrmEntityType.Deal)
            .Add(c => c.EntityId, deal.Id));

        var link = cut.WaitForElement("[data-testid=entity-run-link]");
        Assert.Contains(scenario.Name, link.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/runs/{runId}?status=Failed&error=phone_invalid", link.GetAttribute("href"));
        Assert.Equal("Failed", cut.Find("[data-testid=entity-run-status]").TextContent.Trim());
        Assert.NotEmpty(cut.Find("[data-testid=entity-run-error]").TextContent.Trim());
        Assert.Equal("All records failed", cut.Find("[data-testid=entity-run-outcome]").TextContent.Trim());
    }
}
