using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Contacts;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Crm;

public class ContactCardTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private ContactCard Cards => app.Services.GetRequiredService<ContactCard>();

    [Fact]
    public async Task Phones_InMixedFormats_AreSavedWithTypes_AndFoundByDigits()
    {
        var (access, contact) = await OwnContactAsync("Phones");
        var (_, opened) = await Cards.GetAsync(access, contact.Id);
        PhoneDraft[] phones =
        [
            new() { Number = "8 (999) 123 45 67", Type = PhoneType.Mobile },
            new() { Number = "+7 495 765-43-21", Type = PhoneType.Work },
            new() { Number = "  ", Type = PhoneType.Other },
        ];

        var result = await Cards.UpdateAsync(access, contact.Id, Edit(opened!, phones: phones, emails: ["ivan@example.com"]));

        Assert.True(result.Succeeded, result.ToString());
        var (_, saved) = await Cards.GetAsync(access, contact.Id);
        Assert.Equal(
            [("8 (999) 123-45-67", PhoneType.Mobile), ("8 (495) 765-43-21", PhoneType.Work)],
            saved!.Phones.Select(p => (p.Number, p.Type)));
        Assert.Equal(["ivan@example.com"], saved.Emails);
        var found = await app.Services.GetRequiredService<ContactQueries>()
            .ListAsync(access, new ContactFilter(Search: "765-43"), new PageRequest(0, 10));
        Assert.Equal([contact.Id], found.Rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData("+7 999 ABC-45-67", "Phones.1", CrmValidation.Invalid)]
    [InlineData("12", "Phones.1", CrmValidation.Invalid)]
    [InlineData("0000000000", "Phones.1", "phone.NotInNumberingPlan")]
    [InlineData("8 999 123 45", "Phones.1", "phone.TooShort")]
    public async Task BadPhone_IsRefusedForItsRow_AndNothingIsSaved(string bad, string field, string reason)
    {
        var (access, contact) = await OwnContactAsync("Bad phone");
        var (_, opened) = await Cards.GetAsync(access, contact.Id);

        var result = await Cards.UpdateAsync(access, contact.Id, Edit(opened!, firstName: "Changed", phones:
        [
            new() { Number = "+7 999 123-45-67" },
            new() { Number = bad },
        ]));

        Assert.Equal((CommandStatus.Invalid, field, reason), (result.Status, result.Field, result.Reason));
        var (_, after) = await Cards.GetAsync(access, contact.Id);
        Assert.Equal("Bad phone", after!.FirstName);
        Assert.Empty(after.Phones);
    }

    [Fact]
    public async Task MalformedEmail_IsRefused()
    {
        var (access, contact) = await OwnContactAsync("Bad e-mail");
        var (_, opened) = await Cards.GetAsync(access, contact.Id);

        var result = await Cards.UpdateAsync(access, contact.Id, Edit(opened!, emails: ["not-an-address@"]));

        Assert.Equal((CommandStatus.Invalid, nameof(EmailAddress)), (result.Status, result.Field));
    }

    [Fact]
    public async Task ColleaguesContact_IsNotReadableWithOwnScope()
    {
        var (access, _) = await OwnContactAsync("Mine");
        var colleague = await _data.UserAsync("Contact colleague", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var theirs = await _data.ContactAsync("Their", "Contact", colleague);

        var (status, _) = await Cards.GetAsync(access, theirs.Id);
        var list = await app.Services.GetRequiredService<ContactQueries>().ListAsync(access, new ContactFilter("Their"), new PageRequest(0, 10));

        Assert.Equal(CommandStatus.NoAccess, status);
        Assert.Equal(0, list.Total);
    }

    [Fact]
    public async Task CompanyLink_ToACompanyTheUserCannotRead_IsRefused()
    {
        var (access, contact) = await OwnContactAsync("Company link");
        var colleague = await _data.UserAsync("Company link colleague", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var theirs = await _data.CompanyAsync("Their company", colleague);
        var (_, opened) = await Cards.GetAsync(access, contact.Id);

        var result = await Cards.UpdateAsync(access, contact.Id, Edit(opened!) with { CompanyId = theirs.Id });

        Assert.Equal((CommandStatus.Invalid, "CompanyId"), (result.Status, result.Field));
    }

    private async Task<(CrmAccessContext Access, Contact Contact)> OwnContactAsync(string firstName)
    {
        var me = await _data.UserAsync($"Contact owner {firstName}", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var contact = await _data.ContactAsync(firstName, "Testov", me);
        return (await app.Services.GetRequiredService<CrmAccess>().ForUserAsync(me.Id), contact);
    }

    private static ContactEdit Edit(ContactCardData card, string? firstName = null, IReadOnlyList<PhoneDraft>? phones = null, IReadOnlyList<string>? emails = null) =>
        new(firstName ?? card.FirstName, card.LastName, card.ResponsibleId, phones ?? card.Phones.Select(PhoneDraft.From).ToList(), emails ?? card.Emails, card.Version, card.CompanyId);
}
