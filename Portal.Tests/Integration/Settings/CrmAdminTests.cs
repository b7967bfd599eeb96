using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Settings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Settings;

public class CrmAdminTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private readonly CrmTestData _data = new(app.Services);
    private PortalUser _admin = default!;

    private CrmRoleAdmin Roles => app.Services.GetRequiredService<CrmRoleAdmin>();

    private UserAdmin Users => app.Services.GetRequiredService<UserAdmin>();

    public async Task InitializeAsync() => _admin = await _data.UserAsync($"CRM admin {Guid.NewGuid():N}", null, PortalRoles.Administrator);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NewRole_WithAMatrix_IsStoredCellByCell()
    {
        var matrix = new CrmRoleMatrix { Name = $"Deal readers {Guid.NewGuid():N}" };
        matrix[CrmEntityType.Deal, CrmAction.Read] = RightScope.All;
        matrix[CrmEntityType.Deal, CrmAction.Edit] = RightScope.Own;

        Assert.True((await Roles.SaveAsync(_admin.Id, matrix)).Succeeded);

        var saved = ((await Roles.ListAsync(_admin.Id))!).Single(r => r.Name == matrix.Name);
        var loaded = await Roles.GetAsync(_admin.Id, saved.Id);
        Assert.Equal(RightScope.All, loaded![CrmEntityType.Deal, CrmAction.Read]);
        Assert.Equal(RightScope.Own, loaded[CrmEntityType.Deal, CrmAction.Edit]);
        Assert.Equal(RightScope.None, loaded[CrmEntityType.Lead, CrmAction.Read]);
        Assert.Equal(2, loaded.Scopes.Count);
    }

    [Fact]
    public async Task RoleName_EmptyOrTaken_IsRefused()
    {
        var existing = ((await Roles.ListAsync(_admin.Id))!)[0];

        var empty = await Roles.SaveAsync(_admin.Id, new CrmRoleMatrix { Name = "  " });
        var taken = await Roles.SaveAsync(_admin.Id, new CrmRoleMatrix { Name = existing.Name });

        Assert.Equal(CrmValidation.Required, empty.Reason);
        Assert.Equal("duplicate", taken.Reason);
    }

    [Fact]
    public async Task AssigningARoleAndDepartment_ChangesWhatTheUserMaySee()
    {
        var user = await _data.UserAsync("Reassigned", null);
        var department = await _data.DepartmentAsync("Reassignment");
        var readers = new CrmRoleMatrix { Name = $"Readers {Guid.NewGuid():N}" };
        readers[CrmEntityType.Deal, CrmAction.Read] = RightScope.Department;
        await Roles.SaveAsync(_admin.Id, readers);
        var roleId = ((await Roles.ListAsync(_admin.Id))!).Single(r => r.Name == readers.Name).Id;
        var access = app.Services.GetRequiredService<CrmAccess>();
        Assert.False((await access.ForUserAsync(user.Id)).Rights.HasAny(CrmEntityType.Deal, CrmAction.Read));

        var result = await Users.AssignAsync(_admin.Id, new UserAssignment(user.Id, PortalRoles.Support, department, [roleId]));

        Assert.True(result.Succeeded);
        var rights = (await access.ForUserAsync(user.Id)).Rights;
        Assert.Equal(RightScope.Department, rights.ScopeFor(CrmEntityType.Deal, CrmAction.Read));
        Assert.Equal(department, rights.DepartmentId);
        var summary = ((await Users.ListAsync(_admin.Id))!).Single(u => u.Id == user.Id);
        Assert.Equal(PortalRoles.Support, summary.PortalRole);
        Assert.Equal([roleId], summary.CrmRoleIds);
    }

    [Fact]
    public async Task Assignment_WithAnUnknownRoleOrDepartment_IsRefused()
    {
        var user = await _data.UserAsync("Refused", null);

        Assert.Equal(CommandStatus.Invalid, (await Users.AssignAsync(_admin.Id, new UserAssignment(user.Id, "Superuser", null, []))).Status);
        Assert.Equal(CommandStatus.Invalid, (await Users.AssignAsync(_admin.Id, new UserAssignment(user.Id, PortalRoles.Manager, -1, []))).Status);
        Assert.Equal(CommandStatus.NotFound, (await Users.AssignAsync(_admin.Id, new UserAssignment("nobody", PortalRoles.Manager, null, []))).Status);
    }
}
