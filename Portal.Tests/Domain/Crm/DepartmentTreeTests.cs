using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class DepartmentTreeTests
{
    // 1 Head office ─┬─ 2 Sales ─┬─ 3 Sales East ─── 4 East Moscow
    //                │           └─ 5 Sales West
    //                └─ 6 Support
    private static readonly DepartmentTree Company = new(
    [
        (1, null),
        (2, 1),
        (3, 2),
        (4, 3),
        (5, 2),
        (6, 1),
    ]);

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(2, new[] { 2, 3, 4, 5 })]
    [InlineData(3, new[] { 3, 4 })]
    [InlineData(6, new[] { 6 })]
    public void SelfAndDescendants_Branch_TheDepartmentAndEverythingBelowOnly(int department, int[] expected) =>
        Assert.Equal(expected, Company.SelfAndDescendants(department).Order());

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void SelfAndDescendants_Leaf_OnlyItself(int leaf) =>
        Assert.Equal([leaf], Company.SelfAndDescendants(leaf));

    [Fact]
    public void SelfAndDescendants_UnknownDepartment_OnlyItself() =>
        Assert.Equal([99], Company.SelfAndDescendants(99));

    [Fact]
    public void SelfAndDescendants_DeepChain_ReachesTheBottom()
    {
        // 1 ← 2 ← 3 ← ... ← 10 000: deep enough to overflow the stack of a recursive walk.
        const int depth = 10_000;
        var chain = new DepartmentTree(Enumerable.Range(1, depth).Select(id => (id, id == 1 ? (int?)null : id - 1)));

        Assert.Equal(depth, chain.SelfAndDescendants(1).Count);
        Assert.Equal(Enumerable.Range(9_000, 1_001), chain.SelfAndDescendants(9_000).Order());
    }

    [Fact(Timeout = 10_000)]
    public async Task SelfAndDescendants_CycleInBadData_TerminatesWithEveryDepartmentOnce()
    {
        // 1 → 2 → 3 → 1 is a loop; 7 is its own parent; 9 hangs below the loop.
        var broken = new DepartmentTree([(1, 3), (2, 1), (3, 2), (7, 7), (9, 2)]);

        var fromLoop = await Task.Run(() => broken.SelfAndDescendants(2));
        var fromSelfParent = await Task.Run(() => broken.SelfAndDescendants(7));

        Assert.Equal([1, 2, 3, 9], fromLoop.Order());
        Assert.Equal([7], fromSelfParent);
    }

    [Fact]
    public void Constructor_DepartmentName_TrimmedAndRequired()
    {
        Assert.Equal("Sales", new Department(2, " Sales ", 1).Name);
        Refused.Because(nameof(Department.Name), CrmValidation.Required, () => new Department(2, " ", 1));
    }
}
