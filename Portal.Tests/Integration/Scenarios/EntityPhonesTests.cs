using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Scenarios;

/// <summary>The typed phones behind a record's phone placeholders, read for many records at once.</summary>
public class EntityPhonesTests(QueuedRunsApp app) : IClassFixture<QueuedRunsApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private static readonly PhoneNumber ContactMobile = new("+7 999 100-00-01", PhoneType.Mobile);
    private static readonly PhoneNumber ContactWork = new("8 495 100-00-02", PhoneType.Work);
    private static readonly PhoneNumber CompanyWork = new("+7 812 100-00-03", PhoneType.Work);

    [Fact]
    public async Task LoadMany_Deals_TheirContactsThenTheirCompanysPhones_MissingLinksEmpty_UnknownIdsAbsent()
    {
        var manager = await _data.UserAsync("Phones Manager", null, PortalRoles.Manager);
        var contact = await _data.ContactAsync("Phone", "Owner", manager, ContactMobile, ContactWork);
        var company = await _data.CompanyAsync("Phone Co", manager, CompanyWork);
        var both = await _data.DealAsync("Both", manager, contact: contact);
        var none = await _data.DealAsync("None", manager);
        await WithDbAsync(async db =>
        {
            var deal = await db.Deals.SingleAsync(d => d.Id == both.Id);
            deal.Link(contact.Id, company.Id, manager.Id, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

        var phones = await WithDbAsync(db => EntityPhones.LoadManyAsync(db, CrmEntityType.Deal, [both.Id, none.Id, -1], CancellationToken.None));

        Assert.Equal([ContactMobile, ContactWork, CompanyWork], phones[both.Id]);
        Assert.Empty(phones[none.Id]);
        Assert.False(phones.ContainsKey(-1));
    }

    [Fact]
    public async Task LoadMany_ContactsCompaniesLeads_OwnPhonesFirst()
    {
        var manager = await _data.UserAsync("Phones Manager 2", null, PortalRoles.Manager);
        var company = await _data.CompanyAsync("Own Co", manager, CompanyWork);
        var contact = await _data.ContactAsync("Own", "Phones", manager, ContactWork, ContactMobile);
        await WithDbAsync(async db =>
        {
            var tracked = await db.Contacts.SingleAsync(c => c.Id == contact.Id);
            tracked.WorksFor(company.Id, manager.Id, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        var lead = await _data.LeadAsync("Lead with phone", manager, ContactMobile);

        var contacts = await WithDbAsync(db => EntityPhones.LoadManyAsync(db, CrmEntityType.Contact, [contact.Id], CancellationToken.None));
        var companies = await WithDbAsync(db => EntityPhones.LoadManyAsync(db, CrmEntityType.Company, [company.Id], CancellationToken.None));
        var leads = await WithDbAsync(db => EntityPhones.LoadManyAsync(db, CrmEntityType.Lead, [lead.Id], CancellationToken.None));

        Assert.Equal([ContactWork, ContactMobile, CompanyWork], contacts[contact.Id]);
        Assert.Equal([CompanyWork], companies[company.Id]);
        Assert.Equal([ContactMobile], leads[lead.Id]);
    }

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> action)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await action(db);
    }

    private async Task WithDbAsync(Func<PortalDbContext, Task> action)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await action(db);
    }
}
