using Microsoft.EntityFrameworkCore;
using Portal.Domain.Crm;
using Portal.Domain.Security;

namespace Portal.Data.Seeding;

/// <summary>A member of the demo staff; sales people are responsible for records, the others only look.</summary>
public sealed record DemoStaffMember(string Email, string DisplayName, string Department, string Role, string CrmRole)
{
    public bool OwnsRecords => Role == PortalRoles.Manager;
}

/// <summary>
/// The demo company: a small department tree under the root department and people with each CRM
/// role in it, so that "own", "department" and "everything" rights can be tried out.
/// </summary>
public static class DemoOrganisation
{
    public const string Password = "Demo#2026";

    /// <summary>Departments and their parents (null: the root department).</summary>
    public static IReadOnlyList<(string Name, string? Parent)> Departments { get; } =
    [
        ("Sales", null),
        ("Moscow", "Sales"),
        ("St Petersburg", "Sales"),
        ("Almaty", "Sales"),
        ("Support", null),
    ];

    public static IReadOnlyList<DemoStaffMember> Staff { get; } =
    [
        new("olga.belova@portal.local", "Ольга Белова", "Sales", PortalRoles.Manager, ReferenceDataSeeder.HeadOfDepartmentRole),
        new("dmitry.orlov@portal.local", "Дмитрий Орлов", "Moscow", PortalRoles.Manager, ReferenceDataSeeder.HeadOfDepartmentRole),
        new("igor.sokolov@portal.local", "Игорь Соколов", "Moscow", PortalRoles.Manager, ReferenceDataSeeder.OwnRecordsRole),
        new("james.wilson@portal.local", "James Wilson", "Moscow", PortalRoles.Manager, ReferenceDataSeeder.OwnRecordsRole),
        new("ekaterina.morozova@portal.local", "Екатерина Морозова", "St Petersburg", PortalRoles.Manager, ReferenceDataSeeder.OwnRecordsRole),
        new("alexey.vasiliev@portal.local", "Алексей Васильев", "St Petersburg", PortalRoles.Manager, ReferenceDataSeeder.OwnRecordsRole),
        new("aigerim.nurlanova@portal.local", "Айгерим Нурланова", "Almaty", PortalRoles.Manager, ReferenceDataSeeder.OwnRecordsRole),
        new("pavel.novikov@portal.local", "Павел Новиков", "Support", PortalRoles.Support, ReferenceDataSeeder.ReadEverythingRole),
        new("jane.cooper@portal.local", "Jane Cooper", "Support", PortalRoles.Support, ReferenceDataSeeder.ReadEverythingRole),
    ];
}

/// <summary>Adds what is missing of the demo organisation; running it twice changes nothing.</summary>
public sealed class DemoOrganisationSeeder(PortalDbContext db, IdentitySeeder identity)
{
    /// <summary>Seeds the demo users, departments and staff; returns the ids of the users who own records.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(CancellationToken cancellationToken = default)
    {
        await identity.SeedDemoUsersAsync();
        var departments = await EnsureDepartmentsAsync(cancellationToken);

        var demoManager = DemoUsers.All.Single(u => u.Role == PortalRoles.Manager).Email;
        var owners = new List<string>
        {
            await db.Users.Where(u => u.Email == demoManager).Select(u => u.Id).SingleAsync(cancellationToken),
        };

        foreach (var member in DemoOrganisation.Staff)
        {
            var user = await identity.EnsureUserAsync(new DemoAccount(
                member.Email, DemoOrganisation.Password, member.DisplayName, member.Role, departments[member.Department], member.CrmRole));
            if (member.OwnsRecords)
            {
                owners.Add(user.Id);
            }
        }

        return owners;
    }

    /// <summary>Department ids by name; a missing department gets the next free id.</summary>
    private async Task<Dictionary<string, int>> EnsureDepartmentsAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Departments.ToListAsync(cancellationToken);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = existing.Max(d => d.Id) + 1;
        foreach (var (name, parent) in DemoOrganisation.Departments)
        {
            var parentId = parent is null ? ReferenceDataSeeder.RootDepartmentId : ids[parent];
            var department = existing.FirstOrDefault(d => d.Name == name && d.ParentId == parentId);
            if (department is null)
            {
                department = new Department(nextId++, name, parentId);
                db.Departments.Add(department);
            }

            ids[name] = department.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        return ids;
    }
}
