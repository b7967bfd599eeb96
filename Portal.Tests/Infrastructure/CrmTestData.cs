using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;

namespace Portal.Tests.Infrastructure;

/// <summary>Creates users, departments and CRM records for a test, through the real services.</summary>
public sealed class CrmTestData(IServiceProvider services)
{
    public const string Password = "Test#Password1";
    private static int _nextDepartment = 1000;

    public static Stage FirstStage => ReferenceDataSeeder.DefaultStages[0];

    public async Task<int> DepartmentAsync(string name, int? parentId = ReferenceDataSeeder.RootDepartmentId)
    {
        var id = Interlocked.Increment(ref _nextDepartment);
        await WithDbAsync(async db =>
        {
            db.Departments.Add(new Department(id, name, parentId));
            await db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>A portal user (Manager unless said otherwise) with the given CRM role names.</summary>
    public async Task<PortalUser> UserAsync(string name, int? departmentId, string portalRole = PortalRoles.Manager, params string[] crmRoles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"user.{Guid.NewGuid():N}@test.local";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = name, DepartmentId = departmentId };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, portalRole));
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        foreach (var roleName in crmRoles)
        {
            var role = await db.CrmRoles.SingleAsync(r => r.Name == roleName);
            db.UserCrmRoles.Add(new UserCrmRole { UserId = user.Id, CrmRoleId = role.Id });
        }

        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>A CRM role with one scope for every action on deals.</summary>
    public async Task<string> DealRoleAsync(RightScope scope, params CrmAction[] actions)
    {
        var name = $"deals-{scope}-{Guid.NewGuid():N}";
        var role = new CrmRole(name);
        foreach (var action in actions.Length == 0 ? Enum.GetValues<CrmAction>() : actions)
        {
            role.Grant(CrmEntityType.Deal, action, scope);
        }

        await WithDbAsync(async db =>
        {
            db.CrmRoles.Add(role);
            await db.SaveChangesAsync();
        });
        return name;
    }

    public async Task<Deal> DealAsync(string title, PortalUser responsible, decimal amount = 1000m, Stage? stage = null, Contact? contact = null)
    {
        var deal = Deal.Create(title, stage ?? FirstStage, amount, "RUB", responsible.Id, responsible.Id, DateTimeOffset.UtcNow);
        if (contact is not null)
        {
            deal.Link(contact.Id, null, responsible.Id, DateTimeOffset.UtcNow);
        }

        await WithDbAsync(async db =>
        {
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
        });
        return deal;
    }

    public async Task<Contact> ContactAsync(string firstName, string lastName, PortalUser responsible, params PhoneNumber[] phones)
    {
        var contact = Contact.Create(firstName, lastName, responsible.Id, responsible.Id, DateTimeOffset.UtcNow);
        contact.ReplacePhones(phones, responsible.Id, DateTimeOffset.UtcNow);
        await WithDbAsync(async db =>
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
        });
        return contact;
    }

    public async Task<Company> CompanyAsync(string name, PortalUser responsible, params PhoneNumber[] phones)
    {
        var company = Company.Create(name, "Retail", responsible.Id, responsible.Id, DateTimeOffset.UtcNow);
        company.ReplacePhones(phones, responsible.Id, DateTimeOffset.UtcNow);
        await WithDbAsync(async db =>
        {
            db.Companies.Add(company);
            await db.SaveChangesAsync();
        });
        return company;
    }

    public async Task<Lead> LeadAsync(string title, PortalUser responsible, params PhoneNumber[] phones)
    {
        var lead = Lead.Create(title, "Lead person", ReferenceDataSeeder.DefaultLeadStatuses[0], responsible.Id, responsible.Id, DateTimeOffset.UtcNow);
        lead.ReplacePhones(phones, responsible.Id, DateTimeOffset.UtcNow);
        await WithDbAsync(async db =>
        {
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
        });
        return lead;
    }

    private async Task WithDbAsync(Func<PortalDbContext, Task> action)
    {
        await using var scope = services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
