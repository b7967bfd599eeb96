using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

/// <summary>
/// A manager with the "Own" scope meets a colleague's deal through every path: the list, the count,
/// a selection, the card by id, an edit and a comment. None of them lets it through.
/// </summary>
public class DealRightsTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private CrmAccess Access => app.Services.GetRequiredService<CrmAccess>();

    private DealQueries Queries => app.Services.GetRequiredService<DealQueries>();

    private DealCard Cards => app.Services.GetRequiredService<DealCard>();

    [Fact]
    public async Task OwnScope_SeesOnlyOwnDeals_InListCountAndSelection()
    {
        var department = await _data.DepartmentAsync("Own scope");
        var me = await _data.UserAsync("Me Own", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await _data.UserAsync("Colleague Own", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var mine = await _data.DealAsync("own-scope mine", me);
        var theirs = await _data.DealAsync("own-scope theirs", colleague);
        var access = await Access.ForUserAsync(me.Id);
        var filter = new DealFilter(Search: "own-scope");

        var page = await Queries.ListAsync(access, filter, new PageRequest(0, 50));
        var count = await Queries.CountAsync(access, filter);
        var all = new EntitySelection();
        all.SelectAllMatching();
        var ticked = new EntitySelection();
        ticked.Toggle(mine.Id, true);
        ticked.Toggle(theirs.Id, true);

        Assert.Equal([mine.Id], page.Rows.Select(r => r.Id));
        Assert.Equal(1, page.Total);
        Assert.Equal(1, count);
        Assert.Equal([mine.Id], await Queries.SelectedIdsAsync(access, filter, all, limit: 100));
        Assert.Equal([mine.Id], await Queries.SelectedIdsAsync(access, filter, ticked, limit: 100));
    }

    [Fact]
    public async Task OwnScope_CannotOpenEditOrCommentOnAColleaguesDeal()
    {
        var department = await _data.DepartmentAsync("Own scope card");
        var me = await _data.UserAsync("Me Card", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await _data.UserAsync("Colleague Card", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var theirs = await _data.DealAsync("their deal", colleague);
        var access = await Access.ForUserAsync(me.Id);

        var (status, card) = await Cards.GetAsync(access, theirs.Id);
        var edit = await Cards.UpdateAsync(access, theirs.Id, new DealEdit("hijacked", theirs.StageId, 1, "RUB", me.Id, null, theirs.Version));
        var comment = await app.Services.GetRequiredService<Timeline>().AddCommentAsync(access, CrmEntityType.Deal, theirs.Id, "hello");

        Assert.Equal(CommandStatus.NoAccess, status);
        Assert.Null(card);
        Assert.Equal(CommandStatus.NoAccess, edit.Status);
        Assert.Equal(CommandStatus.NoAccess, comment.Status);
        var (_, unchanged) = await Cards.GetAsync(await Access.ForUserAsync(colleague.Id), theirs.Id);
        Assert.Equal("their deal", unchanged!.Title);
        Assert.Empty(unchanged.Timeline);
    }

    [Fact]
    public async Task UnknownDeal_IsNotFound_NotNoAccess()
    {
        var me = await _data.UserAsync("Me Unknown", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);

        var (status, _) = await Cards.GetAsync(await Access.ForUserAsync(me.Id), long.MaxValue);

        Assert.Equal(CommandStatus.NotFound, status);
    }

    [Fact]
    public async Task DepartmentScopes_FollowTheTree()
    {
        var top = await _data.DepartmentAsync("Top");
        var sub = await _data.DepartmentAsync("Sub", top);
        var other = await _data.DepartmentAsync("Other");
        var headRole = await _data.DealRoleAsync(RightScope.DepartmentAndSubdepartments);
        var departmentRole = await _data.DealRoleAsync(RightScope.Department);
        var head = await _data.UserAsync("Head", top, crmRoles: headRole);
        var lead = await _data.UserAsync("Team lead", top, crmRoles: departmentRole);
        var inTop = await _data.DealAsync("tree top", await _data.UserAsync("In top", top));
        var inSub = await _data.DealAsync("tree sub", await _data.UserAsync("In sub", sub));
        await _data.DealAsync("tree other", await _data.UserAsync("In other", other));
        var filter = new DealFilter(Search: "tree ");

        var headSees = await Queries.ListAsync(await Access.ForUserAsync(head.Id), filter, new PageRequest(0, 50, "Id", false));
        var leadSees = await Queries.ListAsync(await Access.ForUserAsync(lead.Id), filter, new PageRequest(0, 50, "Id", false));

        Assert.Equal([inTop.Id, inSub.Id], headSees.Rows.Select(r => r.Id));
        Assert.Equal([inTop.Id], leadSees.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task NoCrmRole_SeesNothing_AndAdministratorSeesEverything()
    {
        var nobody = await _data.UserAsync("No role", null);
        var admin = await _data.UserAsync("Admin", null, PortalRoles.Administrator);
        var someone = await _data.UserAsync("Someone", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await _data.DealAsync("visibility check", someone);
        var filter = new DealFilter(Search: "visibility check");

        Assert.False((await Access.ForUserAsync(nobody.Id)).Rights.HasAny(CrmEntityType.Deal, CrmAction.Read));
        Assert.Equal(0, await Queries.CountAsync(await Access.ForUserAsync(nobody.Id), filter));
        Assert.Equal([deal.Id], (await Queries.ListAsync(await Access.ForUserAsync(admin.Id), filter, new PageRequest(0, 10))).Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task ReadOnlyRole_OpensTheCardButCannotEdit()
    {
        var observer = await _data.UserAsync("Observer", null, crmRoles: ReferenceDataSeeder.ReadEverythingRole);
        var deal = await _data.DealAsync("read only", await _data.UserAsync("Owner", null));
        var access = await Access.ForUserAsync(observer.Id);

        var (status, card) = await Cards.GetAsync(access, deal.Id);
        var edit = await Cards.UpdateAsync(access, deal.Id, new DealEdit("changed", deal.StageId, 1, "RUB", observer.Id, null, card!.Version));

        Assert.Equal(CommandStatus.Ok, status);
        Assert.False(card.CanEdit);
        Assert.Equal(CommandStatus.NoAccess, edit.Status);
    }
}
