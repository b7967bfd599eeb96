using Bunit;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Security;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Contacts;
using Portal.Features.Crm.Leads;
using Portal.Tests.Infrastructure;
using DealsPage = Portal.Features.Crm.Deals.DealsPage;

namespace Portal.Tests.Components.Crm;

/// <summary>The contacts, leads and companies lists on a real database: each one's own filters, on the same grid as deals.</summary>
public sealed class CrmListsTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task Contacts_FilteredByResponsible_ShowOnlyThatPersonsContacts_AndAPhoneFindsOne()
    {
        var olga = await Data.UserAsync("Olga Responsible", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var ivan = await Data.UserAsync("Ivan Responsible", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var observer = await Data.UserAsync("Contacts Observer", null, crmRoles: ReferenceDataSeeder.ReadEverythingRole);
        await Data.ContactAsync("Filtered", "Olgas", olga, new PhoneNumber("+7 999 111-22-33", PhoneType.Mobile));
        await Data.ContactAsync("Filtered", "Ivans", ivan);
        SignIn(observer.Id, observer.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<ContactsPage>();
        cut.WaitForElement("[data-testid=contact-link]");

        cut.Find("[data-testid=contacts-responsible]").MouseDown();
        popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Olga Responsible").Click();
        cut.Find("[data-testid=contacts-search]").Input("Filtered");
        cut.Find("[data-testid=contacts-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Filtered Olgas"], Links(cut, "contact-link")));

        cut.Find("[data-testid=contacts-reset]").Click();
        cut.Find("[data-testid=contacts-search]").Input("111-22");
        cut.Find("[data-testid=contacts-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Filtered Olgas"], Links(cut, "contact-link")));
    }

    [Fact]
    public async Task Leads_FilteredByAStatusNoneHas_SayNothingMatches_AndResetBringsThemBack()
    {
        var me = await Data.UserAsync("Leads Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        await Data.LeadAsync("Website lead", me);
        await Data.LeadAsync("Phone lead", me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<LeadsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, Links(cut, "lead-link").Count));

        cut.Find("[data-testid=leads-status]").MouseDown();
        popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Junk").Click();
        cut.Find("[data-testid=leads-apply]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Nothing matches the search.", cut.Find("[data-testid=leads-empty]").TextContent.Trim()));

        cut.Find("[data-testid=leads-reset]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["Phone lead", "Website lead"], Links(cut, "lead-link").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Companies_SearchedByName_ShowTheOneFound_WithTheRecordCount()
    {
        var me = await Data.UserAsync("Companies Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        await Data.CompanyAsync("Roga i Kopyta", me);
        await Data.CompanyAsync("Northwind", me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var cut = Render<CompaniesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, Links(cut, "company-link").Count));

        cut.Find("[data-testid=companies-search]").Input("north");
        cut.Find("[data-testid=companies-apply]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Northwind"], Links(cut, "company-link")));
        Assert.Contains("1–1 of 1 record", cut.Find("[data-testid=companies-grid]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InRussian_TheCountsOfTheListAreInflected()
    {
        UseCulture("ru");
        var me = await Data.UserAsync("Russian Manager", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        for (var i = 1; i <= 3; i++)
        {
            await Data.DealAsync($"Сделка {i}", me);
        }

        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var cut = Render<DealsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Links(cut, "deal-link").Count));

        Assert.Contains("1–3 из 3 сделки", cut.Find("[data-testid=deals-grid]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Выбрано: 0", cut.Find("[data-testid=deals-selected-count]").TextContent.Trim());
    }

    private static List<string> Links<T>(IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll($"[data-testid={testId}]").Select(link => link.TextContent.Trim()).ToList();
}
