using Portal.Domain.Security;

namespace Portal.Tests.Domain;

public class PortalRoleSetTests
{
    [Theory]
    [InlineData(PortalRoles.Administrator, true, true)]
    [InlineData(PortalRoles.Support, false, true)]
    [InlineData(PortalRoles.Manager, false, false)]
    public void OneRole_SaysWhetherTheUserAdministersAndReadsEverything(string role, bool administrator, bool readsEverything)
    {
        var roles = new PortalRoleSet([role]);

        Assert.Equal(administrator, roles.IsAdministrator);
        Assert.Equal(readsEverything, roles.ReadsEverything);
    }

    [Fact]
    public void NoRoles_GrantNothing()
    {
        var roles = new PortalRoleSet([]);

        Assert.False(roles.IsAdministrator);
        Assert.False(roles.ReadsEverything);
        Assert.All(Enum.GetValues<PortalArea>(), area => Assert.False(roles.CanUse(area)));
    }

    [Fact]
    public void CanUse_FollowsTheAreaTable_AndRoleNamesAreCaseSensitive()
    {
        Assert.True(new PortalRoleSet([PortalRoles.Support, PortalRoles.Manager]).CanUse(PortalArea.Crm));
        Assert.False(new PortalRoleSet([PortalRoles.Support]).CanUse(PortalArea.Crm));
        Assert.False(new PortalRoleSet(["administrator"]).IsAdministrator);
    }
}
