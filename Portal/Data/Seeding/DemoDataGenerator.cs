using Bogus;
using Portal.Domain.Crm;

namespace Portal.Data.Seeding;

/// <summary>The ids a seeding run has reserved for each kind of record.</summary>
internal sealed record DemoDataIds(IdRange Companies, IdRange Contacts, IdRange Deals, IdRange Leads);

/// <summary>A comment a responsible user left on a deal's timeline.</summary>
internal sealed record DemoComment(long DealId, string Text, string AuthorId, DateTimeOffset CreatedAt);

/// <summary>
/// Demo CRM records from a fixed random seed: the same ids, users and clock give the same data.
/// Records are made by the domain's own factories, so every length limit and rule of the model
/// holds for them. Companies must be made before the deals that mention them.
/// </summary>
internal sealed class DemoDataGenerator
{
    public const int Seed = 20261122;
    private const int HistoryDays = 730;

    private static readonly Weighted<Stage> Stages = new(
        (ReferenceDataSeeder.DefaultStages[0], 25),
        (ReferenceDataSeeder.DefaultStages[1], 15),
        (ReferenceDataSeeder.DefaultStages[2], 12),
        (ReferenceDataSeeder.DefaultStages[3], 18),
        (ReferenceDataSeeder.DefaultStages[4], 18),
        (ReferenceDataSeeder.DefaultStages[5], 12));

    private static readonly Weighted<LeadStatus> LeadStatuses = new(
        (ReferenceDataSeeder.DefaultLeadStatuses[0], 30),
        (ReferenceDataSeeder.DefaultLeadStatuses[1], 25),
        (ReferenceDataSeeder.DefaultLeadStatuses[2], 15),
        (ReferenceDataSeeder.DefaultLeadStatuses[3], 20),
        (ReferenceDataSeeder.DefaultLeadStatuses[4], 10));

    private static readonly Weighted<string> Currencies = new(("RUB", 85), ("USD", 5), ("EUR", 4), ("KZT", 5), ("BYN", 1));
    private static readonly Weighted<int> ContactPhoneCounts = new((0, 15), (1, 55), (2, 22), (3, 8));
    private static readonly Weighted<int> CompanyPhoneCounts = new((0, 10), (1, 50), (2, 30), (3, 10));
    private static readonly Weighted<int> LeadPhoneCounts = new((0, 10), (1, 80), (2, 10));
    private static readonly Weighted<int> EmailCounts = new((0, 40), (1, 50), (2, 10));
    private static readonly Weighted<int> CommentCounts = new((0, 70), (1, 20), (2, 10));
    private static readonly Weighted<PhoneType> ExtraPhoneTypes = new((PhoneType.Work, 50), (PhoneType.Other, 25), (PhoneType.Mailing, 10), (PhoneType.Mobile, 15));

    private readonly Randomizer _random = new(Seed);
    private readonly DemoNames _names;
    private readonly DemoPhones _phones;
    private readonly DemoDataIds _ids;
    private readonly string[] _owners;
    private readonly DateTimeOffset _now;
    private readonly string[] _companyNames;

    /// <param name="ids">The ids reserved for this run.</param>
    /// <param name="owners">The users records are given to (responsible, author).</param>
    /// <param name="now">The present: records are spread over the two years before it.</param>
    public DemoDataGenerator(DemoDataIds ids, IReadOnlyCollection<string> owners, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Count == 0)
        {
            throw new ArgumentException("Demo records need at least one responsible user.", nameof(owners));
        }

        _names = new DemoNames(_random);
        _phones = new DemoPhones(_random);
        _ids = ids;
        _owners = [.. owners];
        _now = now;
        _companyNames = new string[ids.Companies.Count];
    }

    public Company NewCompany(long id)
    {
        var russian = _names.NextIsRussian();
        var (owner, at) = (Owner(), Moment());
        var company = Company.Create(_names.CompanyName(russian), DemoVocabulary.Industries.Pick(_random, russian), owner, owner, at);
        company.ReplacePhones(Times(CompanyPhoneCounts, i => i > 0 && _random.Bool(0.3f) ? _phones.Landline(PhoneType.Other) : CompanyPhone(russian)), owner, at);
        company.ReplaceEmails(_random.Bool(0.7f) ? [_names.CompanyEmail()] : [], owner, at);
        _companyNames[id - _ids.Companies.First] = company.Name;
        return company;
    }

    public Contact NewContact(long id)
    {
        var person = _names.Person(_names.NextIsRussian());
        var (owner, at) = (Owner(), Moment());
        var contact = Contact.Create(person.FirstName, person.LastName, owner, owner, at);
        contact.WorksFor(CompanyOf(id), owner, at);
        contact.ReplacePhones(Times(ContactPhoneCounts, i => i == 0 ? FirstPhone(person) : ExtraPhone()), owner, at);
        contact.ReplaceEmails(Times(EmailCounts, _ => _names.Email(person)), owner, at);
        return contact;
    }

    public Deal NewDeal()
    {
        var (contactId, companyId) = DealParties();
        var service = DemoVocabulary.Services.Pick(_random, _names.NextIsRussian());
        var title = companyId is { } id ? $"{service} — {_companyNames[id - _ids.Companies.First]}" : service;
        var (owner, at) = (Owner(), Moment());
        var deal = Deal.Create(title, Stages.Pick(_random), Amount(), Currencies.Pick(_random), owner, owner, at);
        deal.Link(contactId, companyId, owner, at);
        deal.SetSource(_random.Bool(0.9f) ? _random.ArrayElement(DemoVocabulary.Sources) : null, owner, at);
        return deal;
    }

    public Lead NewLead()
    {
        var russian = _names.NextIsRussian();
        var person = _names.Person(russian);
        var (owner, at) = (Owner(), Moment());
        var lead = Lead.Create(DemoVocabulary.LeadTitles.Pick(_random, russian), person.FullName, LeadStatuses.Pick(_random), owner, owner, at);
        lead.ReplacePhones(Times(LeadPhoneCounts, i => i == 0 ? FirstPhone(person) : _phones.Landline(PhoneType.Work)), owner, at);
        lead.ReplaceEmails(_random.Bool(0.3f) ? [_names.Email(person)] : [], owner, at);
        return lead;
    }

    /// <summary>The deal's responsible user comments on it in the days after it was created.</summary>
    public IEnumerable<DemoComment> CommentsOn(long dealId, Deal deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        var count = CommentCounts.Pick(_random);
        for (var i = 0; i < count; i++)
        {
            var at = deal.CreatedAt.AddHours(_random.Number(1, 24 * 14));
            var text = DemoVocabulary.Comments.Pick(_random, _names.NextIsRussian());
            yield return new DemoComment(dealId, text, deal.ResponsibleId, at < _now ? at : _now);
        }
    }

    /// <summary>
    /// Four contacts in five work for a company, the rest are private clients. A rule rather than a
    /// random pick, so that a deal finds its contact's company without keeping every contact in memory.
    /// </summary>
    private long? CompanyOf(long contactId)
    {
        var index = contactId - _ids.Contacts.First;
        return _ids.Companies.Count == 0 || index % 5 == 4 ? null : _ids.Companies.At(index % _ids.Companies.Count);
    }

    /// <summary>Most deals are with a contact (and so with the contact's company), some with a company only, a few with nobody yet.</summary>
    private (long? ContactId, long? CompanyId) DealParties()
    {
        var roll = _random.Number(99);
        if (roll < 85 && _ids.Contacts.Count > 0)
        {
            var contactId = _ids.Contacts.At(_random.Number(_ids.Contacts.Count - 1));
            return (contactId, CompanyOf(contactId));
        }

        return roll < 95 && _ids.Companies.Count > 0 ? (null, _ids.Companies.At(_random.Number(_ids.Companies.Count - 1))) : (null, null);
    }

    /// <summary>As many items as the weighted count says; <paramref name="make"/> gets each one's position.</summary>
    private List<T> Times<T>(Weighted<int> count, Func<int, T> make) =>
        [.. Enumerable.Range(0, count.Pick(_random)).Select(make)];

    private PhoneNumber FirstPhone(DemoPerson person) =>
        person.IsRussian || _random.Bool() ? _phones.Mobile() : _phones.Foreign(PhoneType.Mobile);

    private PhoneNumber ExtraPhone() => ExtraPhoneTypes.Pick(_random) switch
    {
        PhoneType.Mobile => _phones.Mobile(),
        var type => _phones.Landline(type),
    };

    private PhoneNumber CompanyPhone(bool russian) =>
        russian || _random.Bool() ? _phones.Landline(PhoneType.Work) : _phones.Foreign(PhoneType.Work);

    /// <summary>From 5 thousand to 5 million, evenly spread in magnitude; half of them round thousands.</summary>
    private decimal Amount()
    {
        var amount = Math.Exp(_random.Double(Math.Log(5_000), Math.Log(5_000_000)));
        return _random.Bool() ? decimal.Round((decimal)amount / 1000) * 1000 : decimal.Round((decimal)amount, 2);
    }

    private string Owner() => _random.ArrayElement(_owners);

    private DateTimeOffset Moment() => _now.AddSeconds(-_random.Number(HistoryDays * 24 * 60 * 60));
}
