using Portal.Domain.Security;

namespace Portal.Tests.Domain;

public class AreaAccessTests
{
    public static TheoryData<string, PortalArea, bool> Table => new()
    {
        { PortalRoles.Administrator, PortalArea.Crm, true },
        { PortalRoles.Administrator, PortalArea.Scenarios, true },
        { PortalRoles.Administrator, PortalArea.Runs, true },
        { PortalRoles.Administrator, PortalArea.BusinessProcesses, true },
        { PortalRoles.Administrator, PortalArea.Settings, true },
        { PortalRoles.Administrator, PortalArea.Scheduler, true },
        { PortalRoles.Manager, PortalArea.Crm, true },
        { PortalRoles.Manager, PortalArea.Scenarios, true },
        { PortalRoles.Manager, PortalArea.Runs, true },
        { PortalRoles.Manager, PortalArea.BusinessProcesses, false },
        { PortalRoles.Manager, PortalArea.Settings, false },
        { PortalRoles.Manager, PortalArea.Scheduler, false },
        { PortalRoles.Support, PortalArea.Crm, false },
        { PortalRoles.Support, PortalArea.Scenarios, false },
        { PortalRoles.Support, PortalArea.Runs, true },
        { PortalRoles.Support, PortalArea.BusinessProcesses, false },
        { PortalRoles.Support, PortalArea.Settings, false },
        { PortalRoles.Support, PortalArea.Scheduler, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void CanUse_RoleAndArea_FollowsTheTable(string role, PortalArea area, bool expected) =>
        Assert.Equal(expected, AreaAccess.CanUse([role], area));

    [Fact]
    public void CanUse_NoRole_NothingIsAllowed() =>
        Assert.All(Enum.GetValues<PortalArea>(), area => Assert.False(AreaAccess.CanUse([], area)));

    [Fact]
    public void CanUse_SeveralRoles_AnyRoleGrantsTheArea()
    {
        Assert.True(AreaAccess.CanUse([PortalRoles.Support, PortalRoles.Manager], PortalArea.Crm));
        Assert.False(AreaAccess.CanUse([PortalRoles.Support, PortalRoles.Manager], PortalArea.Settings));
    }

    [Fact]
    public void CanUse_RoleNamesAreCaseSensitive() =>
        Assert.False(AreaAccess.CanUse(["administrator"], PortalArea.Settings));

    [Fact]
    public void PolicyName_IsStablePerArea() =>
        Assert.Equal("Area.Scheduler", AreaAccess.PolicyName(PortalArea.Scheduler));
}
