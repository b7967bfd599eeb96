using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

public class DealCreateDeleteTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private DealCard Cards => app.Services.GetRequiredService<DealCard>();

    private CrmAccess Access => app.Services.GetRequiredService<CrmAccess>();

    private RecordDeletion Deletion => app.Services.GetRequiredService<RecordDeletion>();

    [Fact]
    public async Task OwnScope_CreatesForOneself_ButNotForAColleague()
    {
        var me = await _data.UserAsync("Creator", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await _data.UserAsync("Creator colleague", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var access = await Access.ForUserAsync(me.Id);

        var mine = await Cards.CreateAsync(access, new NewDeal("Created deal", 1, 1500.50m, "rub", me.Id));
        var forColleague = await Cards.CreateAsync(access, new NewDeal("Not allowed", 1, 1, "RUB", colleague.Id));

        Assert.True(mine.Succeeded);
        var (_, card) = await Cards.GetAsync(access, mine.Id!.Value);
        Assert.Equal(("Created deal", 1500.50m, "RUB", me.Id), (card!.Title, card.Amount, card.Currency, card.ResponsibleId));
        Assert.Equal(CommandStatus.NoAccess, forColleague.Status);
    }

    [Theory]
    [InlineData("", 1, "Title")]
    [InlineData("Negative", -5, "Amount")]
    public async Task BadInput_CreatesNothing(string title, decimal amount, string field)
    {
        var me = await _data.UserAsync($"Bad creator {field}", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var access = await Access.ForUserAsync(me.Id);

        var result = await Cards.CreateAsync(access, new NewDeal(title, 1, amount, "RUB", me.Id));

        Assert.Equal((CommandStatus.Invalid, field), (result.Status, result.Field));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Deals.AnyAsync(d => d.ResponsibleId == me.Id));
    }

    [Fact]
    public async Task ObserverRole_CannotCreateOrDelete()
    {
        var observer = await _data.UserAsync("Observer creator", null, crmRoles: ReferenceDataSeeder.ReadEverythingRole);
        var deal = await _data.DealAsync("Observed", await _data.UserAsync("Observed owner", null));
        var access = await Access.ForUserAsync(observer.Id);

        Assert.Equal(CommandStatus.NoAccess, (await Cards.CreateAsync(access, new NewDeal("x", 1, 1, "RUB", observer.Id))).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Deletion.DeleteAsync(access, CrmEntityType.Deal, deal.Id)).Status);
        Assert.Equal(CommandStatus.Ok, (await Cards.GetAsync(access, deal.Id)).Status);
    }

    [Fact]
    public async Task Delete_RemovesTheDealAndItsTimeline()
    {
        var me = await _data.UserAsync("Deleter", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await _data.DealAsync("To delete", me);
        var access = await Access.ForUserAsync(me.Id);
        await app.Services.GetRequiredService<Timeline>().AddCommentAsync(access, CrmEntityType.Deal, deal.Id, "bye");

        var result = await Deletion.DeleteAsync(access, CrmEntityType.Deal, deal.Id);

        Assert.True(result.Succeeded);
        Assert.Equal(CommandStatus.NotFound, (await Cards.GetAsync(access, deal.Id)).Status);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.TimelineEntries.AnyAsync(t => t.EntityType == CrmEntityType.Deal && t.EntityId == deal.Id));
    }
}
