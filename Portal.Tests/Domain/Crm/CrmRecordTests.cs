using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class CrmRecordTests
{
    public static TheoryData<CrmEntityType> EveryType => [.. Enum.GetValues<CrmEntityType>()];

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Create_AnyRecord_CreatedAndModifiedByTheCreatorAtTheSameInstant(CrmEntityType type)
    {
        var record = A.Record(type);

        Assert.Equal(type, record.EntityType);
        Assert.Equal(A.Owner, record.ResponsibleId);
        Assert.Equal((A.Creator, A.CreatedAt), (record.CreatedById, record.CreatedAt));
        Assert.Equal((A.Creator, A.CreatedAt), (record.ModifiedById, record.ModifiedAt));
    }

    /// <summary>Every change a record offers, each made by <see cref="A.Editor"/> at <see cref="A.Later"/>.</summary>
    private static readonly Dictionary<string, Func<CrmRecord>> Changes = new()
    {
        ["Deal.Rename"] = () => Changed(A.Deal(), d => d.Rename("Mobile app", A.Editor, A.Later)),
        ["Deal.SetAmount"] = () => Changed(A.Deal(), d => d.SetAmount(1m, "USD", A.Editor, A.Later)),
        ["Deal.MoveTo"] = () => Changed(A.Deal(), d => d.MoveTo(A.SecondStage, A.FirstStage, A.Editor, A.Later)),
        ["Deal.Link"] = () => Changed(A.Deal(), d => d.Link(1, 2, A.Editor, A.Later)),
        ["Deal.SetSource"] = () => Changed(A.Deal(), d => d.SetSource("Exhibition", A.Editor, A.Later)),
        ["Deal.AssignResponsible"] = () => Changed(A.Deal(), d => d.AssignResponsible("owner-2", A.Editor, A.Later)),
        ["Contact.Rename"] = () => Changed(A.Contact(), c => c.Rename("Maria", null, A.Editor, A.Later)),
        ["Contact.WorksFor"] = () => Changed(A.Contact(), c => c.WorksFor(7, A.Editor, A.Later)),
        ["Contact.ReplacePhones"] = () => Changed(A.Contact(), c => c.ReplacePhones([A.Phone(1)], A.Editor, A.Later)),
        ["Contact.ReplaceEmails"] = () => Changed(A.Contact(), c => c.ReplaceEmails(["anna@example.com"], A.Editor, A.Later)),
        ["Company.Rename"] = () => Changed(A.Company(), c => c.Rename("Acme Group", null, A.Editor, A.Later)),
        ["Lead.Rename"] = () => Changed(A.Lead(), l => l.Rename("Call back", null, A.Editor, A.Later)),
        ["Lead.MoveTo"] = () => Changed(A.Lead(), l => l.MoveTo(A.ConvertedLead, A.NewLead, A.Editor, A.Later)),
    };

    public static TheoryData<string> ChangeNames => [.. Changes.Keys];

    [Theory]
    [MemberData(nameof(ChangeNames))]
    public void Change_Valid_MovesModifiedAndKeepsCreated(string change)
    {
        var record = Changes[change]();

        Assert.Equal((A.Creator, A.CreatedAt), (record.CreatedById, record.CreatedAt));
        Assert.Equal((A.Editor, A.Later), (record.ModifiedById, record.ModifiedAt));
    }

    [Fact]
    public void Change_Twice_ModifiedFollowsTheLastChange()
    {
        var deal = A.Deal();
        var evenLater = A.Later.AddDays(1);

        deal.Rename("Mobile app", A.Editor, A.Later);
        deal.Rename("Mobile app v2", "editor-2", evenLater);

        Assert.Equal(("editor-2", evenLater), (deal.ModifiedById, deal.ModifiedAt));
        Assert.Equal(A.CreatedAt, deal.CreatedAt);
    }

    [Fact]
    public void AssignResponsible_AnotherUser_TakesOver()
    {
        var contact = A.Contact();

        contact.AssignResponsible("owner-2", A.Editor, A.Later);

        Assert.Equal("owner-2", contact.ResponsibleId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_NoResponsible_Refused(string responsibleId) =>
        Refused.Because(nameof(CrmRecord.ResponsibleId), CrmValidation.Required, () => Company.Create("Acme", null, responsibleId, A.Creator, A.CreatedAt));

    private static T Changed<T>(T record, Action<T> change)
    {
        change(record);
        return record;
    }
}
