using Portal.Domain.Crm;
using Portal.Domain.Rights;

namespace Portal.Tests.Domain.Rights;

/// <summary>Whose record it is, seen from the user "me" who works in Sales.</summary>
public enum RecordOwner
{
    Me,
    ColleagueInSales,
    InSubDepartment,
    InSubSubDepartment,
    InParentDepartment,
    InSiblingDepartment,
    WithoutDepartment,
}

public class UserRightsTests
{
    private const string Me = "me";

    // Head office ─┬─ Sales ─── Sales East ─── East Moscow
    //              └─ Support
    private const int HeadOffice = 1;
    private const int Sales = 2;
    private const int SalesEast = 3;
    private const int EastMoscow = 4;
    private const int Support = 5;

    private static readonly DepartmentTree Departments = new(
    [
        (HeadOffice, null),
        (Sales, HeadOffice),
        (SalesEast, Sales),
        (EastMoscow, SalesEast),
        (Support, HeadOffice),
    ]);

    private static readonly Dictionary<RecordOwner, (string ResponsibleId, int? DepartmentId)> Owners = new()
    {
        [RecordOwner.Me] = (Me, Sales),
        [RecordOwner.ColleagueInSales] = ("colleague", Sales),
        [RecordOwner.InSubDepartment] = ("east-manager", SalesEast),
        [RecordOwner.InSubSubDepartment] = ("moscow-manager", EastMoscow),
        [RecordOwner.InParentDepartment] = ("director", HeadOffice),
        [RecordOwner.InSiblingDepartment] = ("support-agent", Support),
        [RecordOwner.WithoutDepartment] = ("freelancer", null),
    };

    /// <summary>Whose records each scope lets "me" reach: the heart of the rights model.</summary>
    private static readonly Dictionary<RightScope, RecordOwner[]> Reach = new()
    {
        [RightScope.None] = [],
        [RightScope.Own] = [RecordOwner.Me],
        [RightScope.Department] = [RecordOwner.Me, RecordOwner.ColleagueInSales],
        [RightScope.DepartmentAndSubdepartments] =
        [
            RecordOwner.Me, RecordOwner.ColleagueInSales, RecordOwner.InSubDepartment, RecordOwner.InSubSubDepartment,
        ],
        [RightScope.All] = Enum.GetValues<RecordOwner>(),
    };

    private static readonly Dictionary<RightScope, AccessRule> ExpectedRules = new()
    {
        [RightScope.None] = AccessRule.Nothing,
        [RightScope.Own] = AccessRule.Own(Me),
        [RightScope.Department] = AccessRule.InDepartments(new HashSet<int> { Sales }),
        [RightScope.DepartmentAndSubdepartments] = AccessRule.InDepartments(new HashSet<int> { Sales, SalesEast, EastMoscow }),
        [RightScope.All] = AccessRule.Everything,
    };

    private static readonly (CrmEntityType Type, CrmAction Action)[] AllCells =
        [.. Enum.GetValues<CrmEntityType>().SelectMany(type => Enum.GetValues<CrmAction>().Select(action => (type, action)))];

    /// <summary>Every entity type × action × scope.</summary>
    public static TheoryData<CrmEntityType, CrmAction, RightScope> EveryCellAndScope()
    {
        var data = new TheoryData<CrmEntityType, CrmAction, RightScope>();
        foreach (var (type, action) in AllCells)
        {
            foreach (var scope in Enum.GetValues<RightScope>())
            {
                data.Add(type, action, scope);
            }
        }

        return data;
    }

    /// <summary>Every entity type × action × scope × owner, with the answer <see cref="Reach"/> gives.</summary>
    public static TheoryData<CrmEntityType, CrmAction, RightScope, RecordOwner, bool> EveryCellScopeAndOwner()
    {
        var data = new TheoryData<CrmEntityType, CrmAction, RightScope, RecordOwner, bool>();
        foreach (var (type, action) in AllCells)
        {
            foreach (var scope in Enum.GetValues<RightScope>())
            {
                foreach (var owner in Enum.GetValues<RecordOwner>())
                {
                    data.Add(type, action, scope, owner, Reach[scope].Contains(owner));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCellAndScope))]
    public void RuleFor_RoleGrantsOneCell_GivesThatScopesRuleThereAndNothingElsewhere(CrmEntityType type, CrmAction action, RightScope scope)
    {
        var rights = RightsOfMe(RoleGranting(type, action, scope));

        Assert.Equal(scope, rights.ScopeFor(type, action));
        Assert.Equal(scope != RightScope.None, rights.HasAny(type, action));
        Assert.Equal(ExpectedRules[scope], rights.RuleFor(type, action, Departments));
        Assert.All(
            AllCells.Where(cell => cell != (type, action)),
            cell => Assert.Equal(AccessRule.Nothing, rights.RuleFor(cell.Type, cell.Action, Departments)));
    }

    [Theory]
    [MemberData(nameof(EveryCellScopeAndOwner))]
    public void Allows_RoleGrantsOneCell_LetsThroughExactlyTheOwnersTheScopeReaches(
        CrmEntityType type, CrmAction action, RightScope scope, RecordOwner owner, bool expected)
    {
        var rule = RightsOfMe(RoleGranting(type, action, scope)).RuleFor(type, action, Departments);

        Assert.Equal(expected, Allows(rule, owner));
    }

    public static TheoryData<RightScope, RightScope, RightScope> Combinations => new()
    {
        { RightScope.None, RightScope.Own, RightScope.Own },
        { RightScope.Own, RightScope.Department, RightScope.Department },
        { RightScope.Department, RightScope.DepartmentAndSubdepartments, RightScope.DepartmentAndSubdepartments },
        { RightScope.Own, RightScope.All, RightScope.All },
        { RightScope.DepartmentAndSubdepartments, RightScope.All, RightScope.All },
        { RightScope.Department, RightScope.Department, RightScope.Department },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void ScopeFor_TwoRolesOnOneCell_TheWidestWinsInEitherOrder(RightScope first, RightScope second, RightScope widest)
    {
        var one = RoleGranting(CrmEntityType.Deal, CrmAction.Edit, first);
        var other = RoleGranting(CrmEntityType.Deal, CrmAction.Edit, second);

        Assert.Equal(widest, RightsOfMe(one, other).ScopeFor(CrmEntityType.Deal, CrmAction.Edit));
        Assert.Equal(widest, RightsOfMe(other, one).ScopeFor(CrmEntityType.Deal, CrmAction.Edit));
        Assert.Equal(ExpectedRules[widest], RightsOfMe(one, other).RuleFor(CrmEntityType.Deal, CrmAction.Edit, Departments));
    }

    [Fact]
    public void ScopeFor_SeveralRoles_CombineCellByCell()
    {
        var dealReader = RoleGranting(CrmEntityType.Deal, CrmAction.Read, RightScope.All);
        var ownEditor = new CrmRole("Own editor");
        ownEditor.GrantEverywhere(RightScope.Own, CrmAction.Read, CrmAction.Edit);
        var automation = RoleGranting(CrmEntityType.Contact, CrmAction.Automation, RightScope.Department);

        var rights = RightsOfMe(dealReader, ownEditor, automation);

        Assert.Equal(RightScope.All, rights.ScopeFor(CrmEntityType.Deal, CrmAction.Read));
        Assert.Equal(RightScope.Own, rights.ScopeFor(CrmEntityType.Deal, CrmAction.Edit));
        Assert.Equal(RightScope.Own, rights.ScopeFor(CrmEntityType.Contact, CrmAction.Read));
        Assert.Equal(RightScope.Department, rights.ScopeFor(CrmEntityType.Contact, CrmAction.Automation));
        Assert.Equal(RightScope.None, rights.ScopeFor(CrmEntityType.Deal, CrmAction.Automation));
        Assert.Equal(RightScope.None, rights.ScopeFor(CrmEntityType.Lead, CrmAction.Delete));
    }

    [Fact]
    public void ScopeFor_Administrator_AllEverywhereWhateverTheRoles()
    {
        var restrictive = RoleGranting(CrmEntityType.Deal, CrmAction.Read, RightScope.Own);

        foreach (var admin in new[] { Administrator(), Administrator(restrictive), Administrator(new CrmRole("Empty")) })
        {
            Assert.All(AllCells, cell =>
            {
                Assert.Equal(RightScope.All, admin.ScopeFor(cell.Type, cell.Action));
                var rule = admin.RuleFor(cell.Type, cell.Action, Departments);
                Assert.Equal(AccessRule.Everything, rule);
                Assert.All(Enum.GetValues<RecordOwner>(), owner => Assert.True(Allows(rule, owner)));
            });
        }
    }

    [Fact]
    public void RuleFor_RoleWithNothingOrNoRoleAtAll_GrantsNothing()
    {
        foreach (var rights in new[] { RightsOfMe(new CrmRole("Empty")), RightsOfMe() })
        {
            Assert.All(AllCells, cell =>
            {
                Assert.Equal(RightScope.None, rights.ScopeFor(cell.Type, cell.Action));
                Assert.False(rights.HasAny(cell.Type, cell.Action));
                var rule = rights.RuleFor(cell.Type, cell.Action, Departments);
                Assert.Equal(AccessRule.Nothing, rule);
                Assert.All(Enum.GetValues<RecordOwner>(), owner => Assert.False(Allows(rule, owner)));
            });
        }
    }

    [Theory]
    [InlineData(RightScope.Department)]
    [InlineData(RightScope.DepartmentAndSubdepartments)]
    public void RuleFor_UserWithoutDepartmentAndDepartmentScope_SeesOnlyOwnRecords(RightScope scope)
    {
        var loner = new UserRights("loner", departmentId: null, isAdministrator: false, [RoleGranting(CrmEntityType.Lead, CrmAction.Read, scope)]);

        var rule = loner.RuleFor(CrmEntityType.Lead, CrmAction.Read, Departments);

        Assert.Equal(AccessRule.Own("loner"), rule);
        Assert.True(rule.Allows("loner", null));
        Assert.False(rule.Allows("another-loner", null));
        Assert.All(Enum.GetValues<RecordOwner>(), owner => Assert.False(Allows(rule, owner)));
    }

    [Fact]
    public void RuleFor_DepartmentAndSubdepartmentsFromALeaf_OnlyThatDepartment()
    {
        var inEastMoscow = new UserRights("m", EastMoscow, isAdministrator: false, [RoleGranting(CrmEntityType.Deal, CrmAction.Read, RightScope.DepartmentAndSubdepartments)]);

        var rule = inEastMoscow.RuleFor(CrmEntityType.Deal, CrmAction.Read, Departments);

        Assert.Equal(AccessRule.InDepartments(new HashSet<int> { EastMoscow }), rule);
        Assert.True(Allows(rule, RecordOwner.InSubSubDepartment));
        Assert.False(Allows(rule, RecordOwner.InSubDepartment));
    }

    private static CrmRole RoleGranting(CrmEntityType type, CrmAction action, RightScope scope)
    {
        var role = new CrmRole($"{type} {action} {scope}");
        role.Grant(type, action, scope);
        return role;
    }

    private static UserRights RightsOfMe(params CrmRole[] roles) => new(Me, Sales, isAdministrator: false, roles);

    private static UserRights Administrator(params CrmRole[] roles) => new(Me, Sales, isAdministrator: true, roles);

    private static bool Allows(AccessRule rule, RecordOwner owner)
    {
        var (responsibleId, departmentId) = Owners[owner];
        return rule.Allows(responsibleId, departmentId);
    }
}
