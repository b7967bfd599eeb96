using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Runs;
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
}
