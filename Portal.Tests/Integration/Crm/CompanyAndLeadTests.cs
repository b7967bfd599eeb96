using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Leads;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

public class CompanyAndLeadTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private CrmAccess Access => app.Services.GetRequiredService<CrmAccess>();

    [Fact]
    public async Task Companies_ListOnlyReadableOnes_AndFindByPhoneDigits()
    {
        var me = await _data.UserAsync("Company owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var other = await _data.UserAsync("Company other", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var mine = await _data.CompanyAsync("ООО «Ромашка»", me, new PhoneNumber("+7 (812) 555-01-02", PhoneType.Work));
        await _data.CompanyAsync("ООО «Лютик»", other, new PhoneNumber("+7 (812) 555-01-03", PhoneType.Work));
        var access = await Access.ForUserAsync(me.Id);

        var byPhone = await app.Services.GetRequiredService<CompanyQueries>().ListAsync(access, new CompanyFilter("555-01"), new PageRequest(0, 10));

        Assert.Equal([mine.Id], byPhone.Rows.Select(r => r.Id));
        Assert.Equal("+7 (812) 555-01-02", byPhone.Rows[0].Phone);
    }

    [Fact]
    public async Task CompanyCard_SavesNameAndPhones_AndRefusesAnEmptyName()
    {
        var me = await _data.UserAsync("Company editor", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var company = await _data.CompanyAsync("Acme", me);
        var access = await Access.ForUserAsync(me.Id);
        var cards = app.Services.GetRequiredService<CompanyCard>();
        var (_, card) = await cards.GetAsync(access, company.Id);

        var empty = await cards.UpdateAsync(access, company.Id, new CompanyEdit(" ", null, me.Id, [], [], card!.Version));
        var saved = await cards.UpdateAsync(access, company.Id, new CompanyEdit(
            "Acme Ltd", "Manufacturing", me.Id, [new PhoneDraft { Number = "+1 (415) 555-0100", Type = PhoneType.Work }], ["office@acme.test"], card.Version));

        Assert.Equal((CommandStatus.Invalid, "Name"), (empty.Status, empty.Field));
        Assert.True(saved.Succeeded);
        var (_, after) = await cards.GetAsync(access, company.Id);
        Assert.Equal(("Acme Ltd", "Manufacturing", "+1 415-555-0100"), (after!.Name, after.Industry, after.Phones[0].Number));
    }

    [Fact]
    public async Task LeadCard_MovesToAnotherStatus_AndTheListFiltersByIt()
    {
        var me = await _data.UserAsync("Lead owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var lead = await _data.LeadAsync("Website request", me);
        var access = await Access.ForUserAsync(me.Id);
        var cards = app.Services.GetRequiredService<LeadCard>();
        var (_, card) = await cards.GetAsync(access, lead.Id);

        var result = await cards.UpdateAsync(access, lead.Id, new LeadEdit(card!.Title, card.Name, 3, me.Id, [], [], card.Version));

        Assert.True(result.Succeeded);
        var qualified = await app.Services.GetRequiredService<LeadQueries>()
            .ListAsync(access, new LeadFilter(StatusIds: [3]), new PageRequest(0, 10));
        Assert.Equal([lead.Id], qualified.Rows.Select(r => r.Id));
        Assert.Equal("Qualified", qualified.Rows[0].StatusName);
    }

    [Fact]
    public async Task ContactCompanyAndLead_AreCreatedForOneself_RefusedWithBadInput_AndDeleted()
    {
        var me = await _data.UserAsync("Record creator", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var access = await Access.ForUserAsync(me.Id);
        var contacts = app.Services.GetRequiredService<Features.Crm.Contacts.ContactCard>();
        var companies = app.Services.GetRequiredService<CompanyCard>();
        var leads = app.Services.GetRequiredService<LeadCard>();

        var contact = await contacts.CreateAsync(access, "Анна", "Петрова", me.Id);
        var company = await companies.CreateAsync(access, "ООО «Север»", "Logistics", me.Id);
        var lead = await leads.CreateAsync(access, "Request from the website", "Anna", me.Id);
        var noName = await contacts.CreateAsync(access, "", null, me.Id);
        var tooLong = await companies.CreateAsync(access, new string('x', Company.NameMaxLength + 1), null, me.Id);

        Assert.True(contact.Succeeded && company.Succeeded && lead.Succeeded);
        Assert.Equal((CommandStatus.Invalid, "FirstName"), (noName.Status, noName.Field));
        Assert.Equal((CrmValidation.TooLong, Company.NameMaxLength), (tooLong.Reason, tooLong.Limit));
        Assert.Equal("New", (await app.Services.GetRequiredService<LeadQueries>().ListAsync(access, new LeadFilter("website"), new PageRequest(0, 5))).Rows[0].StatusName);

        var deletion = app.Services.GetRequiredService<RecordDeletion>();
        Assert.True((await deletion.DeleteAsync(access, CrmEntityType.Contact, contact.Id!.Value)).Succeeded);
        Assert.True((await deletion.DeleteAsync(access, CrmEntityType.Company, company.Id!.Value)).Succeeded);
        Assert.True((await deletion.DeleteAsync(access, CrmEntityType.Lead, lead.Id!.Value)).Succeeded);
        Assert.Equal(CommandStatus.NotFound, (await leads.GetAsync(access, lead.Id.Value)).Status);
    }

    [Fact]
    public async Task Related_ListsOnlyLinkedRecordsTheUserMayRead()
    {
        var me = await _data.UserAsync("Related owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await _data.UserAsync("Related colleague", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var company = await _data.CompanyAsync("Related company", me);
        var contact = await _data.ContactAsync("Related", "Person", me);
        var mine = await _data.DealAsync("Related deal mine", me, contact: contact);
        var theirs = await _data.DealAsync("Related deal theirs", colleague, contact: contact);
        var access = await Access.ForUserAsync(me.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Contacts.Where(c => c.Id == contact.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.CompanyId, company.Id));
            await db.Deals.Where(d => d.Id == mine.Id || d.Id == theirs.Id).ExecuteUpdateAsync(set => set.SetProperty(d => d.CompanyId, company.Id));
        }

        var related = app.Services.GetRequiredService<Related>();
        var ofContact = await related.OfContactAsync(access, contact.Id);
        var ofCompany = await related.OfCompanyAsync(access, company.Id);

        Assert.Equal([(CrmEntityType.Deal, mine.Id)], ofContact.Select(l => (l.Type, l.Id)));
        Assert.Equal([(CrmEntityType.Contact, contact.Id), (CrmEntityType.Deal, mine.Id)], ofCompany.Select(l => (l.Type, l.Id)));
        Assert.Equal($"/crm/deals/{mine.Id}", ofContact[0].Path);
    }
}
