using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

/// <summary>
/// Ready-made CRM records for the domain tests: <c>A.Deal()</c>, <c>A.Contact()</c>... Every record is
/// created by <see cref="Creator"/> at <see cref="CreatedAt"/>; tests change it as <see cref="Editor"/>
/// at <see cref="Later"/>, so the audit fields show which of the two touched it last.
/// </summary>
internal static class A
{
    public const string Owner = "owner-1";
    public const string Creator = "creator-1";
    public const string Editor = "editor-1";

    public static readonly DateTimeOffset CreatedAt = new(2025, 3, 3, 9, 30, 0, TimeSpan.FromHours(3));
    public static readonly DateTimeOffset Later = CreatedAt.AddHours(2);

    public static readonly Stage FirstStage = new(1, pipelineId: 1, "New", 10, StageSemantics.InProgress);
    public static readonly Stage SecondStage = new(2, pipelineId: 1, "Negotiation", 20, StageSemantics.InProgress);
    public static readonly Stage StageOfAnotherPipeline = new(11, pipelineId: 2, "New", 10, StageSemantics.InProgress);

    public static readonly LeadStatus NewLead = new(1, "New", 10, StageSemantics.InProgress);
    public static readonly LeadStatus ConvertedLead = new(2, "Converted", 20, StageSemantics.Won);

    public static Deal Deal(string title = "Website redesign", decimal amount = 150_000m, string currency = "RUB") =>
        Portal.Domain.Crm.Deal.Create(title, FirstStage, amount, currency, Owner, Creator, CreatedAt);

    public static Contact Contact(string firstName = "Anna", string? lastName = "Petrova") =>
        Portal.Domain.Crm.Contact.Create(firstName, lastName, Owner, Creator, CreatedAt);

    public static Company Company(string name = "Acme", string? industry = "Retail") =>
        Portal.Domain.Crm.Company.Create(name, industry, Owner, Creator, CreatedAt);

    public static Lead Lead(string title = "Request from the website", string? name = "Ivan") =>
        Portal.Domain.Crm.Lead.Create(title, name, NewLead, Owner, Creator, CreatedAt);

    /// <summary>A record of the given type, for tests that hold for every kind of record.</summary>
    public static CrmRecord Record(CrmEntityType type) => type switch
    {
        CrmEntityType.Deal => Deal(),
        CrmEntityType.Contact => Contact(),
        CrmEntityType.Company => Company(),
        CrmEntityType.Lead => Lead(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A phone that differs from the others by its last digits.</summary>
    public static PhoneNumber Phone(int n, PhoneType type = PhoneType.Mobile) =>
        new($"+7 999 123-{n / 100 % 100:00}-{n % 100:00}", type);

    /// <summary>A text of exactly <paramref name="length"/> characters.</summary>
    public static string Text(int length) => new('x', length);
}
