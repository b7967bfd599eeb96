namespace Portal.Domain.Crm;

public sealed class Contact : CrmRecordWithContacts
{
    public const int NameMaxLength = 100;

    private Contact()
    {
    }

    public string FirstName { get; private set; } = string.Empty;

    public string? LastName { get; private set; }

    public long? CompanyId { get; private set; }

    public string FullName => string.IsNullOrEmpty(LastName) ? FirstName : $"{FirstName} {LastName}";

    public override CrmEntityType EntityType => CrmEntityType.Contact;

    public static Contact Create(string firstName, string? lastName, string responsibleId, string byUserId, DateTimeOffset now)
    {
        var contact = new Contact();
        contact.Rename(firstName, lastName, byUserId, now);
        contact.Created(responsibleId, byUserId, now);
        return contact;
    }

    public void Rename(string firstName, string? lastName, string byUserId, DateTimeOffset now)
    {
        var first = CrmValidation.RequiredText(nameof(FirstName), firstName, NameMaxLength);
        var last = CrmValidation.OptionalText(nameof(LastName), lastName, NameMaxLength);
        (FirstName, LastName) = (first, last);
        Touch(byUserId, now);
    }

    public void WorksFor(long? companyId, string byUserId, DateTimeOffset now)
    {
        CompanyId = companyId;
        Touch(byUserId, now);
    }
}

public sealed class Company : CrmRecordWithContacts
{
    public const int NameMaxLength = 255;
    public const int IndustryMaxLength = 100;

    private Company()
    {
    }

    public string Name { get; private set; } = string.Empty;

    public string? Industry { get; private set; }

    public override CrmEntityType EntityType => CrmEntityType.Company;

    public static Company Create(string name, string? industry, string responsibleId, string byUserId, DateTimeOffset now)
    {
        var company = new Company();
        company.Rename(name, industry, byUserId, now);
        company.Created(responsibleId, byUserId, now);
        return company;
    }

    public void Rename(string name, string? industry, string byUserId, DateTimeOffset now)
    {
        var validName = CrmValidation.RequiredText(nameof(Name), name, NameMaxLength);
        var validIndustry = CrmValidation.OptionalText(nameof(Industry), industry, IndustryMaxLength);
        (Name, Industry) = (validName, validIndustry);
        Touch(byUserId, now);
    }
}

public sealed class Lead : CrmRecordWithContacts
{
    public const int TitleMaxLength = 255;
    public const int NameMaxLength = 200;

    private Lead()
    {
    }

    public string Title { get; private set; } = string.Empty;

    public string? Name { get; private set; }

    public int StatusId { get; private set; }

    public override CrmEntityType EntityType => CrmEntityType.Lead;

    public static Lead Create(string title, string? name, LeadStatus status, string responsibleId, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var lead = new Lead { StatusId = status.Id };
        lead.Rename(title, name, byUserId, now);
        lead.Created(responsibleId, byUserId, now);
        return lead;
    }

    public void Rename(string title, string? name, string byUserId, DateTimeOffset now)
    {
        var validTitle = CrmValidation.RequiredText(nameof(Title), title, TitleMaxLength);
        var validName = CrmValidation.OptionalText(nameof(Name), name, NameMaxLength);
        (Title, Name) = (validTitle, validName);
        Touch(byUserId, now);
    }

    /// <summary>
    /// Moves the lead to <paramref name="status"/> from <paramref name="current"/> (its status now), and returns the
    /// timeline entry that records the move; none when it has that status already.
    /// </summary>
    public TimelineEntry? MoveTo(LeadStatus status, LeadStatus current, string byUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(current);
        if (current.Id != StatusId)
        {
            throw new CrmValidationException(nameof(StatusId), CrmValidation.Invalid);
        }

        if (status.Id == StatusId)
        {
            return null;
        }

        StatusId = status.Id;
        Touch(byUserId, now);
        return TimelineEntry.Moved(CrmEntityType.Lead, Id, current.Name, status.Name, byUserId, now);
    }
}
