using Portal.Domain.Crm;

namespace Portal.Tests.Domain.Crm;

public class TimelineEntryTests
{
    [Fact]
    public void Comment_OnADeal_PointsAtItAndRemembersWhoAndWhen()
    {
        var deal = A.Deal();

        var entry = TimelineEntry.Comment(deal.EntityType, deal.Id, "Called, will send the offer", A.Editor, A.Later);

        Assert.Equal(TimelineKind.Comment, entry.Kind);
        Assert.Equal(CrmEntityType.Deal, entry.EntityType);
        Assert.Equal(deal.Id, entry.EntityId);
        Assert.Equal("Called, will send the offer", entry.Text);
        Assert.Equal(A.Editor, entry.AuthorId);
        Assert.Equal(A.Later, entry.CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t")]
    public void Comment_Empty_Refused(string text) =>
        Refused.Because(nameof(TimelineEntry.Text), CrmValidation.Required, () => TimelineEntry.Comment(CrmEntityType.Contact, 1, text, A.Editor, A.Later));

    [Fact]
    public void Comment_AtMaxLength_AcceptedOneMoreRefused()
    {
        var contact = A.Contact();

        Assert.Equal(TimelineEntry.TextMaxLength, TimelineEntry.Comment(contact.EntityType, contact.Id, A.Text(TimelineEntry.TextMaxLength), A.Editor, A.Later).Text.Length);
        var error = Refused.Because(
            nameof(TimelineEntry.Text),
            CrmValidation.TooLong,
            () => TimelineEntry.Comment(contact.EntityType, contact.Id, A.Text(TimelineEntry.TextMaxLength + 1), A.Editor, A.Later));
        Assert.Equal(TimelineEntry.TextMaxLength, error.Limit);
    }

    /// <summary>Rendering escapes a comment; the domain stores exactly what was typed.</summary>
    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=\"alert(1)\">")]
    [InlineData("<b>bold</b> &amp; &lt;i&gt; &#60;")]
    [InlineData("5 < 6 && 7 > 3")]
    [InlineData("First line\n<br/>\nThird line")]
    public void Comment_HtmlLookingText_KeptVerbatim(string text) =>
        Assert.Equal(text, TimelineEntry.Comment(CrmEntityType.Lead, 1, text, A.Editor, A.Later).Text);

    [Fact]
    public void SystemEvent_WithoutAuthor_RecordedAsSystem()
    {
        var entry = TimelineEntry.SystemEvent(CrmEntityType.Company, 42, "Scenario \"Welcome\" sent a message", null, A.Later);

        Assert.Equal(TimelineKind.System, entry.Kind);
        Assert.Equal((CrmEntityType.Company, 42L), (entry.EntityType, entry.EntityId));
        Assert.Null(entry.AuthorId);
    }
}
