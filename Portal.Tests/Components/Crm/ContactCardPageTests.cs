using MudBlazor;
using Portal.Domain.Crm;
using Portal.Features.Crm;
using Portal.Features.Crm.Contacts;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Crm;

/// <summary>The contact card: its typed phones editor and the delete confirmation, on a real database.</summary>
public sealed class ContactCardPageTests(PortalServices portal) : CrmCardTestBase(portal)
{
    [Fact]
    public async Task ABadNumber_IsRefusedOnItsOwnRow_AndNothingIsSaved()
    {
        var (user, access) = await ManagerAsync("Phones Manager");
        var contact = await Data.ContactAsync("Olga", "Smirnova", user, new PhoneNumber("+7 999 111-22-33", PhoneType.Mobile));
        var cut = Render<ContactCardPage>(p => p.Add(c => c.Id, contact.Id));

        cut.WaitForElement("[data-testid=phone-add]").Click();
        cut.WaitForElement("[data-testid=phone-number-1]").Change("8 (495) 12X-45-67");
        cut.Find("[data-testid=card-save]").Click();

        var error = cut.WaitForElement("[data-testid='error-Phones.1']");
        Assert.Equal("This value is not valid.", error.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='error-Phones.0']"));
        Assert.Equal("true", cut.Find("[data-testid=phone-number-1]").GetAttribute("aria-invalid"));
        Assert.Equal("false", cut.Find("[data-testid=phone-number-0]").GetAttribute("aria-invalid"));
        Assert.Empty(cut.FindAll("[data-testid=card-saved]"));
        var (_, stored) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal(["+7 999 111-22-33"], stored!.Phones.Select(p => p.Number));
    }

    [Theory]
    [InlineData("en", "No such phone number exists: check the country code, the area code and the digits.")]
    [InlineData("ru", "Такого номера не бывает: проверьте код страны, код города и цифры.")]
    public async Task ANumberNoCountryHas_IsRefusedOnItsOwnRow_InTheUsersLanguage(string culture, string expected)
    {
        UseCulture(culture);
        var (user, access) = await ManagerAsync($"Zeros Manager {culture}");
        var contact = await Data.ContactAsync("Pavel", "Nulev", user, new PhoneNumber("+7 999 111-22-37", PhoneType.Mobile));
        var cut = Render<ContactCardPage>(p => p.Add(c => c.Id, contact.Id));

        cut.WaitForElement("[data-testid=phone-add]").Click();
        cut.WaitForElement("[data-testid=phone-number-1]").Change("0000000000");
        cut.Find("[data-testid=card-save]").Click();

        var error = cut.WaitForElement("[data-testid='error-Phones.1']");
        Assert.Equal(expected, error.TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid=phone-number-1]").GetAttribute("aria-invalid"));
        Assert.Empty(cut.FindAll("[data-testid='error-Phones.0']"));
        Assert.Empty(cut.FindAll("[data-testid=card-saved]"));
        var (_, stored) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal(["+7 999 111-22-37"], stored!.Phones.Select(p => p.Number));
    }

    [Fact]
    public async Task AnAddedRow_WithItsNumberAndType_IsSaved()
    {
        var (user, access) = await ManagerAsync("Adding Phones Manager");
        var contact = await Data.ContactAsync("Ivan", "Petrov", user, new PhoneNumber("+7 999 111-22-34", PhoneType.Mobile));
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<ContactCardPage>(p => p.Add(c => c.Id, contact.Id));

        cut.WaitForElement("[data-testid=phone-add]").Click();
        cut.WaitForElement("[data-testid=phone-number-1]").Change("8 (495) 123-45-67");
        cut.Find("[data-testid=phone-type-1]").Click();
        popovers.WaitForElements(".mud-popover-open .mud-menu-item").Single(item => item.TextContent.Trim() == "Work").Click();
        cut.WaitForAssertion(() => Assert.Contains("Work", cut.Find("[data-testid=phone-type-1]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=card-save]").Click();

        cut.WaitForElement("[data-testid=card-saved]");
        var (_, stored) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal([("8 (999) 111-22-34", PhoneType.Mobile), ("8 (495) 123-45-67", PhoneType.Work)], stored!.Phones.Select(p => (p.Number, p.Type)));
    }

    [Fact]
    public async Task ARemovedRow_GoesFromTheEditor_AndFromTheRecordOnSave()
    {
        var (user, access) = await ManagerAsync("Removing Phones Manager");
        var contact = await Data.ContactAsync("Anna", "Orlova", user,
            new PhoneNumber("+7 999 111-22-35", PhoneType.Mobile), new PhoneNumber("+7 999 111-22-36", PhoneType.Work));
        var cut = Render<ContactCardPage>(p => p.Add(c => c.Id, contact.Id));

        cut.WaitForElement("[data-testid=phone-remove-0]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=phone-number-1]")));
        Assert.Equal("+7 999 111-22-36", cut.Find("[data-testid=phone-number-0]").GetAttribute("value"));
        cut.Find("[data-testid=card-save]").Click();
        cut.WaitForElement("[data-testid=card-saved]");
        var (_, stored) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal(["8 (999) 111-22-36"], stored!.Phones.Select(p => p.Number));
    }

    [Fact]
    public async Task Delete_AsksFirst_AndCancelKeepsTheRecord()
    {
        var (user, access) = await ManagerAsync("Hesitant Manager");
        var contact = await Data.ContactAsync("Kept", "Contact", user);
        var dialogs = AskToDelete(contact);

        Assert.Contains("Delete \"Kept Contact\" and its timeline?", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal);
        Button(dialogs, "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Null(NavigatedTo());
        var (status, _) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal(CommandStatus.Ok, status);
    }

    [Fact]
    public async Task Delete_Confirmed_RemovesTheRecord_AndGoesToTheList()
    {
        var (user, access) = await ManagerAsync("Deleting Manager");
        var contact = await Data.ContactAsync("Gone", "Contact", user);
        var dialogs = AskToDelete(contact);

        Button(dialogs, "Delete").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("/crm/contacts", NavigatedTo()));
        var (status, _) = await Service<ContactCard>().GetAsync(access, contact.Id);
        Assert.Equal(CommandStatus.NotFound, status);
    }

    /// <summary>The contact's card with Delete clicked: the dialog provider, showing the confirmation.</summary>
    private IRenderedComponent<MudDialogProvider> AskToDelete(Contact contact)
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ContactCardPage>(p => p.Add(c => c.Id, contact.Id));
        cut.WaitForElement("[data-testid=card-delete]").Click();
        dialogs.WaitForElement(".mud-dialog");
        return dialogs;
    }
}
