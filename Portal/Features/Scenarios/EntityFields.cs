using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Scenarios.Templates;
using Portal.Hosting;

namespace Portal.Features.Scenarios;

/// <summary>
/// The placeholder values of CRM records (<see cref="Domain.Scenarios.ScenarioFields"/>): their own
/// fields, their linked contact and company, and their responsible user. A linked record that is missing
/// leaves its placeholders empty; phones render as the card's numbers, comma-separated, in the order
/// <see cref="EntityPhones"/> defines (the order they were written in). Records are read
/// in batches (a handful of queries for a whole chunk of a run), one record is a batch of one. Dates render in the
/// portal's configured time zone, the same for the engine, the processes and every preview.
/// </summary>
public sealed class EntityFields(IDbContextFactory<PortalDbContext> contextFactory, PortalTimeZone timeZone)
{
    public async Task<IReadOnlyDictionary<string, TemplateValue>?> LoadAsync(CrmEntityType type, long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var values = await LoadManyAsync(db, type, [id], cancellationToken);
        return values.GetValueOrDefault(id);
    }

    /// <summary>The values of every record of <paramref name="ids"/> that exists, by id.</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, TemplateValue>>> LoadManyAsync(
        PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        LoadManyAsync(db, type, ids, timeZone.Zone, cancellationToken);

    private static async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<string, TemplateValue>>> LoadManyAsync(
        PortalDbContext db, CrmEntityType type, IReadOnlyCollection<long> ids, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(zone);
        var records = new List<(CrmRecord Record, Dictionary<string, TemplateValue> Values)>();
        switch (type)
        {
            case CrmEntityType.Deal:
                var deals = await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
                var stageIds = deals.Select(d => d.StageId).Distinct().ToList();
                var stages = await db.Stages.AsNoTracking().Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
                var dealContacts = await ContactsAsync(db, deals.Select(d => d.ContactId), cancellationToken);
                var dealCompanies = await CompaniesAsync(db, deals.Select(d => d.CompanyId), cancellationToken);
                var phones = new Phonebook(
                    await EntityPhones.OfContactsAsync(db, deals.Select(d => d.ContactId), cancellationToken),
                    await EntityPhones.OfCompaniesAsync(db, deals.Select(d => d.CompanyId), cancellationToken));
                foreach (var deal in deals)
                {
                    var values = Own("Deal", deal, zone);
                    values["Deal.Title"] = TemplateValue.Text(deal.Title);
                    values["Deal.Amount"] = TemplateValue.Money(deal.Amount, deal.Currency);
                    values["Deal.Stage"] = TemplateValue.Stage(deal.StageId, stages.GetValueOrDefault(deal.StageId));
                    values["Deal.Source"] = TemplateValue.Text(deal.Source);
                    AddLinkedContact(values, dealContacts, deal.ContactId, phones);
                    AddLinkedCompany(values, dealCompanies, deal.CompanyId, phones);
                    records.Add((deal, values));
                }

                break;
            case CrmEntityType.Contact:
                var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
                var contactCompanies = await CompaniesAsync(db, contacts.Select(c => c.CompanyId), cancellationToken);
                var contactPhones = new Phonebook(
                    await EntityPhones.OfContactsAsync(db, contacts.Select(c => (long?)c.Id), cancellationToken),
                    await EntityPhones.OfCompaniesAsync(db, contacts.Select(c => c.CompanyId), cancellationToken));
                foreach (var contact in contacts)
                {
                    var values = Own("Contact", contact, zone);
                    AddContact(values, contact, contactPhones);
                    AddLinkedCompany(values, contactCompanies, contact.CompanyId, contactPhones);
                    records.Add((contact, values));
                }

                break;
            case CrmEntityType.Company:
                var companies = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
                var companyPhones = new Phonebook([], await EntityPhones.OfCompaniesAsync(db, companies.Select(c => (long?)c.Id), cancellationToken));
                foreach (var company in companies)
                {
                    var values = Own("Company", company, zone);
                    AddCompany(values, company, companyPhones);
                    values["Company.Industry"] = TemplateValue.Text(company.Industry);
                    records.Add((company, values));
                }

                break;
            case CrmEntityType.Lead:
                var leads = await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
                var statusIds = leads.Select(l => l.StatusId).Distinct().ToList();
                var statuses = await db.LeadStatuses.AsNoTracking().Where(s => statusIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
                var leadPhones = await EntityPhones.OfLeadsAsync(db, leads.Select(l => (long?)l.Id), cancellationToken);
                foreach (var lead in leads)
                {
                    var values = Own("Lead", lead, zone);
                    values["Lead.Title"] = TemplateValue.Text(lead.Title);
                    values["Lead.Name"] = TemplateValue.Text(lead.Name);
                    values["Lead.Status"] = TemplateValue.Stage(lead.StatusId, statuses.GetValueOrDefault(lead.StatusId));
                    values["Lead.Phone"] = Phones(leadPhones, lead.Id);
                    values["Lead.Email"] = TemplateValue.Text(string.Join(", ", lead.Emails));
                    records.Add((lead, values));
                }

                break;
        }

        var responsibleIds = records.Select(r => r.Record.ResponsibleId).Distinct().ToList();
        var responsibles = await db.Users.AsNoTracking()
            .Where(u => responsibleIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var result = new Dictionary<long, IReadOnlyDictionary<string, TemplateValue>>(records.Count);
        foreach (var (record, values) in records)
        {
            var responsible = responsibles.GetValueOrDefault(record.ResponsibleId);
            values["Responsible.Id"] = TemplateValue.Text(record.ResponsibleId);
            values["Responsible.Name"] = TemplateValue.Text(responsible?.DisplayName);
            values["Responsible.Email"] = TemplateValue.Text(responsible?.Email);
            result[record.Id] = values;
        }

        return result;
    }

    private static Dictionary<string, TemplateValue> Own(string prefix, CrmRecord record, TimeZoneInfo zone) =>
        new(StringComparer.Ordinal)
        {
            [$"{prefix}.Id"] = TemplateValue.Text(record.Id.ToString(CultureInfo.InvariantCulture)),
            [$"{prefix}.CreatedAt"] = TemplateValue.Date(record.CreatedAt, zone),
        };

    private static async Task<Dictionary<long, Contact>> ContactsAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Contacts.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    private static async Task<Dictionary<long, Company>> CompaniesAsync(PortalDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Companies.AsNoTracking().Where(c => wanted.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    private static void AddLinkedContact(Dictionary<string, TemplateValue> values, Dictionary<long, Contact> contacts, long? id, Phonebook phones)
    {
        if (id is { } contactId && contacts.TryGetValue(contactId, out var contact))
        {
            values["Contact.Id"] = TemplateValue.Text(contact.Id.ToString(CultureInfo.InvariantCulture));
            AddContact(values, contact, phones);
        }
    }

    private static void AddLinkedCompany(Dictionary<string, TemplateValue> values, Dictionary<long, Company> companies, long? id, Phonebook phones)
    {
        if (id is { } companyId && companies.TryGetValue(companyId, out var company))
        {
            values["Company.Id"] = TemplateValue.Text(company.Id.ToString(CultureInfo.InvariantCulture));
            AddCompany(values, company, phones);
        }
    }

    private static void AddContact(Dictionary<string, TemplateValue> values, Contact contact, Phonebook phones)
    {
        values["Contact.Name"] = TemplateValue.Text(contact.FullName);
        values["Contact.Phone"] = Phones(phones.Contacts, contact.Id);
        values["Contact.Email"] = TemplateValue.Text(string.Join(", ", contact.Emails));
    }

    private static void AddCompany(Dictionary<string, TemplateValue> values, Company company, Phonebook phones)
    {
        values["Company.Name"] = TemplateValue.Text(company.Name);
        values["Company.Phone"] = Phones(phones.Companies, company.Id);
        values["Company.Email"] = TemplateValue.Text(string.Join(", ", company.Emails));
    }

    /// <summary>A record's numbers in their defined order (not the entity's own collection, which EF filled in no defined order).</summary>
    private static TemplateValue Phones(Dictionary<long, IReadOnlyList<PhoneNumber>> phones, long id) =>
        TemplateValue.Text(string.Join(", ", (phones.GetValueOrDefault(id) ?? []).Select(p => p.Number)));

    /// <summary>The ordered phones of the contacts and companies of a batch.</summary>
    private sealed record Phonebook(Dictionary<long, IReadOnlyList<PhoneNumber>> Contacts, Dictionary<long, IReadOnlyList<PhoneNumber>> Companies);
}
