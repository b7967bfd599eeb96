using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Tests.Domain.Crm;

namespace Portal.Tests.Domain.Rights;

public class CrmRoleTests
{
    [Fact]
    public void Grant_SameCellAgain_ReplacesTheEarlierGrant()
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Deal, CrmAction.Read, RightScope.Own);

        role.Grant(CrmEntityType.Deal, CrmAction.Read, RightScope.DepartmentAndSubdepartments);

        Assert.Equal(RightScope.DepartmentAndSubdepartments, role.ScopeFor(CrmEntityType.Deal, CrmAction.Read));
        Assert.Equal([new CrmRight(CrmEntityType.Deal, CrmAction.Read, RightScope.DepartmentAndSubdepartments)], role.Rights);
    }

    [Fact]
    public void Grant_NarrowerScopeAfterWider_NarrowsIt()
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Lead, CrmAction.Delete, RightScope.All);

        role.Grant(CrmEntityType.Lead, CrmAction.Delete, RightScope.Own);

        Assert.Equal(RightScope.Own, role.ScopeFor(CrmEntityType.Lead, CrmAction.Delete));
    }

    [Fact]
    public void Grant_None_RemovesTheGrant()
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Deal, CrmAction.Read, RightScope.All);
        role.Grant(CrmEntityType.Deal, CrmAction.Edit, RightScope.Own);

        role.Grant(CrmEntityType.Deal, CrmAction.Read, RightScope.None);

        Assert.Equal(RightScope.None, role.ScopeFor(CrmEntityType.Deal, CrmAction.Read));
        Assert.Equal([new CrmRight(CrmEntityType.Deal, CrmAction.Edit, RightScope.Own)], role.Rights);
    }

    [Fact]
    public void Grant_OneCell_LeavesTheOthersAlone()
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Contact, CrmAction.Export, RightScope.Department);

        Assert.Equal(RightScope.Department, role.ScopeFor(CrmEntityType.Contact, CrmAction.Export));
        Assert.Equal(RightScope.None, role.ScopeFor(CrmEntityType.Company, CrmAction.Export));
        Assert.Equal(RightScope.None, role.ScopeFor(CrmEntityType.Contact, CrmAction.Read));
    }

    [Theory]
    [InlineData(RightScope.Own)]
    [InlineData(RightScope.Department)]
    [InlineData(RightScope.DepartmentAndSubdepartments)]
    [InlineData(RightScope.All)]
    public void GrantEverywhere_NoActionNamed_SetsEveryCell(RightScope scope)
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Deal, CrmAction.Read, RightScope.Own);

        role.GrantEverywhere(scope);

        Assert.Equal(Enum.GetValues<CrmEntityType>().Length * Enum.GetValues<CrmAction>().Length, role.Rights.Count);
        Assert.All(role.Rights, right => Assert.Equal(scope, right.Scope));
    }

    [Fact]
    public void GrantEverywhere_SomeActions_OnlyThoseActionsOnEveryType()
    {
        var role = new CrmRole("Sales");
        role.Grant(CrmEntityType.Deal, CrmAction.Delete, RightScope.Own);

        role.GrantEverywhere(RightScope.All, CrmAction.Read, CrmAction.Export);

        Assert.All(Enum.GetValues<CrmEntityType>(), type =>
        {
            Assert.Equal(RightScope.All, role.ScopeFor(type, CrmAction.Read));
            Assert.Equal(RightScope.All, role.ScopeFor(type, CrmAction.Export));
            Assert.Equal(RightScope.None, role.ScopeFor(type, CrmAction.Edit));
        });
        Assert.Equal(RightScope.Own, role.ScopeFor(CrmEntityType.Deal, CrmAction.Delete));
    }

    [Fact]
    public void GrantEverywhere_None_RemovesEveryGrant()
    {
        var role = new CrmRole("Sales");
        role.GrantEverywhere(RightScope.All);

        role.GrantEverywhere(RightScope.None);

        Assert.Empty(role.Rights);
    }

    [Fact]
    public void Constructor_Name_TrimmedAndRequired()
    {
        Assert.Equal("Sales", new CrmRole("  Sales ").Name);
        Refused.Because(nameof(CrmRole.Name), CrmValidation.Required, () => new CrmRole("  "));
        Refused.Because(nameof(CrmRole.Name), CrmValidation.TooLong, () => new CrmRole(A.Text(CrmRole.NameMaxLength + 1)));
    }
}
