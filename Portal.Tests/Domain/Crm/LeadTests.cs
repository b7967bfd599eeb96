using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class LeadTests
{
    [Fact]
    public void Create_TitleNameAndStatus_Held()
    {
        var lead = Lead.Create(" Request from the website ", " Ivan ", A.NewLead, A.Owner, A.Creator, A.CreatedAt);

        Assert.Equal("Request from the website", lead.Title);
        Assert.Equal("Ivan", lead.Name);
        Assert.Equal(A.NewLead.Id, lead.StatusId);
        Assert.Equal(CrmEntityType.Lead, lead.EntityType);
    }

    /// <summary>Each row has one bad value; the other differs from the lead's, so a half-applied rename shows.</summary>
    public static TheoryData<string, string?, string, string> InvalidValues => new()
    {
        { "\t", "Olga", nameof(Lead.Title), CrmValidation.Required },
        { A.Text(Lead.TitleMaxLength + 1), "Olga", nameof(Lead.Title), CrmValidation.TooLong },
        { "Call back", A.Text(Lead.NameMaxLength + 1), nameof(Lead.Name), CrmValidation.TooLong },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Create_InvalidValue_Refused(string title, string? name, string field, string reason) =>
        Refused.Because(field, reason, () => A.Lead(title, name));

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Rename_InvalidValue_RefusedAndLeadUnchanged(string title, string? name, string field, string reason)
    {
        var lead = A.Lead("Request", "Ivan");

        Refused.Because(field, reason, () => lead.Rename(title, name, A.Editor, A.Later));

        Assert.Equal(("Request", "Ivan", A.CreatedAt), (lead.Title, lead.Name, lead.ModifiedAt));
    }

    [Fact]
    public void Rename_ValidValues_Changed()
    {
        var lead = A.Lead("Request", "Ivan");

        lead.Rename("Call back", "  ", A.Editor, A.Later);

        Assert.Equal(("Call back", (string?)null), (lead.Title, lead.Name));
    }

    [Fact]
    public void MoveTo_AnotherStatus_Moves_AndRecordsTheMoveForTheTimeline()
    {
        var lead = A.Lead();

        var moved = lead.MoveTo(A.ConvertedLead, A.NewLead, A.Editor, A.Later);

        Assert.Equal(A.ConvertedLead.Id, lead.StatusId);
        Assert.Equal(("New → Converted", TimelineKind.System, CrmEntityType.Lead), (moved?.Text, moved?.Kind, moved?.EntityType));
    }
}
