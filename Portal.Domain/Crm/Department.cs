namespace Portal.Domain.Crm;

/// <summary>A unit of the company; departments form a tree.</summary>
public sealed class Department
{
    public const int NameMaxLength = 200;

    private Department()
    {
    }

    public Department(int id, string name, int? parentId)
    {
        Id = id;
        Name = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
        ParentId = parentId;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int? ParentId { get; private set; }
}

/// <summary>The department tree, for "department and sub-departments" rights.</summary>
public sealed class DepartmentTree
{
    private readonly Dictionary<int, List<int>> _children;

    public DepartmentTree(IEnumerable<(int Id, int? ParentId)> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        _children = departments
            .Where(d => d.ParentId is not null)
            .GroupBy(d => d.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToList());
    }

    /// <summary>The department and everything below it (cycles in bad data are not followed twice).</summary>
    public IReadOnlySet<int> SelfAndDescendants(int departmentId)
    {
        var result = new HashSet<int> { departmentId };
        var pending = new Stack<int>();
        pending.Push(departmentId);
        while (pending.Count > 0)
        {
            if (!_children.TryGetValue(pending.Pop(), out var children))
            {
                continue;
            }

            foreach (var child in children.Where(result.Add))
            {
                pending.Push(child);
            }
        }

        return result;
    }
}
