using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios.Templates;

namespace Portal.Features.Scenarios;

/// <summary>
/// The placeholder values of one CRM record (<see cref="Domain.Scenarios.ScenarioFields"/>): its own
/// fields, its linked contact and company, and its responsible user. A linked record that is missing
/// leaves its placeholders empty; phones render as the card's numbers, comma-separated.
/// </summary>
public sealed class EntityFields(IDbContextFactory<PortalDbContext> contextFactory)
{
    public async Task<IReadOnlyDictionary<string, TemplateValue>?> LoadAsync(
        CrmEntityType type, long id, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var values = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
        CrmRecord? record;
        switch (type)
        {
            case CrmEntityType.Deal:
                var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
                if (deal is not null)
                {
                    var stage = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
                    Add(values, "Deal", deal, zone);
                    values["Deal.Title"] = TemplateValue.Text(deal.Title);
                    values["Deal.Amount"] = TemplateValue.Money(deal.Amount, deal.Currency);
                    values["Deal.Stage"] = TemplateValue.Text(stage);
                    values["Deal.Source"] = TemplateValue.Text(deal.Source);
                    await AddContactAsync(db, values, deal.ContactId, cancellationToken);
                    await AddCompanyAsync(db, values, deal.CompanyId, cancellationToken);
                }

                record = deal;
                break;
            case CrmEntityType.Contact:
                var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
                if (contact is not null)
                {
                    Add(values, "Contact", contact, zone);
                    AddContact(values, contact);
                    await AddCompanyAsync(db, values, contact.CompanyId, cancellationToken);
                }

                record = contact;
                break;
            case CrmEntityType.Company:
                var company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
                if (company is not null)
                {
                    Add(values, "Company", company, zone);
                    AddCompany(values, company);
                    values["Company.Industry"] = TemplateValue.Text(company.Industry);
                }

                record = company;
                break;
            case CrmEntityType.Lead:
                var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
                if (lead is not null)
                {
                    var status = await db.LeadStatuses.Where(s => s.Id == lead.StatusId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
                    Add(values, "Lead", lead, zone);
                    values["Lead.Title"] = TemplateValue.Text(lead.Title);
                    values["Lead.Name"] = TemplateValue.Text(lead.Name);
                    values["Lead.Status"] = TemplateValue.Text(status);
                    values["Lead.Phone"] = Phones(lead);
                    values["Lead.Email"] = TemplateValue.Text(string.Join(", ", lead.Emails));
                }

                record = lead;
                break;
            default:
                record = null;
                break;
        }

        if (record is null)
        {
            return null;
        }

        var responsible = await db.Users.AsNoTracking()
            .Where(u => u.Id == record.ResponsibleId)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        values["Responsible.Id"] = TemplateValue.Text(record.ResponsibleId);
        values["Responsible.Name"] = TemplateValue.Text(responsible?.DisplayName);
        values["Responsible.Email"] = TemplateValue.Text(responsible?.Email);
        return values;
    }

    private static void Add(Dictionary<string, TemplateValue> values, string prefix, CrmRecord record, TimeZoneInfo zone)
    {
        values[$"{prefix}.Id"] = TemplateValue.Text(record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        values[$"{prefix}.CreatedAt"] = TemplateValue.Date(record.CreatedAt, zone);
    }

    private static async Task AddContactAsync(PortalDbContext db, Dictionary<string, TemplateValue> values, long? id, CancellationToken cancellationToken)
    {
        if (id is not null && await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contact)
        {
            values["Contact.Id"] = TemplateValue.Text(contact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddContact(values, contact);
        }
    }

    private static void AddContact(Dictionary<string, TemplateValue> values, Contact contact)
    {
        values["Contact.Name"] = TemplateValue.Text(contact.FullName);
        values["Contact.Phone"] = Phones(contact);
        values["Contact.Email"] = TemplateValue.Text(string.Join(", ", contact.Emails));
    }

    private static async Task AddCompanyAsync(PortalDbContext db, Dictionary<string, TemplateValue> values, long? id, CancellationToken cancellationToken)
    {
        if (id is not null && await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } company)
        {
            values["Company.Id"] = TemplateValue.Text(company.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddCompany(values, company);
        }
    }

    private static void AddCompany(Dictionary<string, TemplateValue> values, Company company)
    {
        values["Company.Name"] = TemplateValue.Text(company.Name);
        values["Company.Phone"] = Phones(company);
        values["Company.Email"] = TemplateValue.Text(string.Join(", ", company.Emails));
    }

    private static TemplateValue Phones(CrmRecordWithContacts record) => TemplateValue.Text(string.Join(", ", record.Phones.Select(p => p.Number)));
}
