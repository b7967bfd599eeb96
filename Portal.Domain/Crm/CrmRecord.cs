namespace Portal.Domain.Crm;

/// <summary>What every CRM record has: an owner (the responsible user), an audit trail and a version.</summary>
public abstract class CrmRecord
{
    public long Id { get; private set; }

    /// <summary>The responsible user: rights with the "Own" and department scopes are decided by it.</summary>
    public string ResponsibleId { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedById { get; private set; } = string.Empty;

    public DateTimeOffset ModifiedAt { get; private set; }

    public string ModifiedById { get; private set; } = string.Empty;

    /// <summary>Changes on every save (PostgreSQL's xmin): two people editing one record cannot overwrite each other.</summary>
    public uint Version { get; private set; }

    public abstract CrmEntityType EntityType { get; }

    public void AssignResponsible(string userId, string byUserId, DateTimeOffset now)
    {
        ResponsibleId = CrmValidation.RequiredText(nameof(ResponsibleId), userId, 450);
        Touch(byUserId, now);
    }

    protected void Created(string responsibleId, string byUserId, DateTimeOffset now)
    {
        ResponsibleId = CrmValidation.RequiredText(nameof(ResponsibleId), responsibleId, 450);
        CreatedById = ModifiedById = byUserId;
        CreatedAt = ModifiedAt = now;
    }

    protected void Touch(string byUserId, DateTimeOffset now)
    {
        ModifiedById = byUserId;
        ModifiedAt = now;
    }
}

/// <summary>A CRM record with typed phones and e-mails (contacts, companies, leads).</summary>
public abstract class CrmRecordWithContacts : CrmRecord
{
    public const int MaxPhones = 20;
    public const int MaxEmails = 20;

    private protected readonly List<PhoneNumber> _phones = [];
    private protected List<string> _emails = [];

    public IReadOnlyList<PhoneNumber> Phones => _phones;

    public IReadOnlyList<string> Emails => _emails;

    public void ReplacePhones(IEnumerable<PhoneNumber> phones, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(phones);
        var list = phones.Distinct().ToList();
        if (list.Count > MaxPhones)
        {
            throw new CrmValidationException(nameof(Phones), CrmValidation.TooLong, MaxPhones);
        }

        _phones.Clear();
        _phones.AddRange(list);
        Touch(byUserId, now);
    }

    public void ReplaceEmails(IEnumerable<string> emails, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var list = emails.Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => new EmailAddress(e).Value)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (list.Count > MaxEmails)
        {
            throw new CrmValidationException(nameof(Emails), CrmValidation.TooLong, MaxEmails);
        }

        _emails = list;
        Touch(byUserId, now);
    }
}
