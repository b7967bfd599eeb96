using Portal.Domain.Rights;

namespace Portal.Tests.Domain.Rights;

public class AccessRuleTests
{
    [Fact]
    public void Equals_SameDepartmentsInAnotherSet_RulesAreEqual()
    {
        var one = AccessRule.InDepartments(new HashSet<int> { 1, 2, 3 });
        var same = AccessRule.InDepartments(new HashSet<int> { 3, 2, 1 });

        Assert.Equal(one, same);
        Assert.Equal(one.GetHashCode(), same.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentRules_AreNotEqual()
    {
        Assert.NotEqual(AccessRule.InDepartments(new HashSet<int> { 1, 2 }), AccessRule.InDepartments(new HashSet<int> { 1 }));
        Assert.NotEqual(AccessRule.Own("a"), AccessRule.Own("b"));
        Assert.NotEqual(AccessRule.Nothing, AccessRule.Everything);
        Assert.Equal(AccessRule.Own("a"), AccessRule.Own("a"));
    }

    [Fact]
    public void InDepartments_NoDepartment_IsNothing() =>
        Assert.Same(AccessRule.Nothing, AccessRule.InDepartments(new HashSet<int>()));

    [Theory]
    [InlineData("u1", 1, true)]
    [InlineData("u1", null, true)]
    [InlineData("U1", 1, false)]
    [InlineData("u2", 1, false)]
    public void Allows_OwnRule_ComparesTheResponsibleUserExactly(string responsibleId, int? departmentId, bool expected) =>
        Assert.Equal(expected, AccessRule.Own("u1").Allows(responsibleId, departmentId));

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(null, false)]
    public void Allows_DepartmentsRule_DecidesByTheResponsiblesDepartment(int? departmentId, bool expected) =>
        Assert.Equal(expected, AccessRule.InDepartments(new HashSet<int> { 1, 2 }).Allows("anyone", departmentId));
}
