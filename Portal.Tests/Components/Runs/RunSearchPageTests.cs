using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>The search across runs (<c>/runs/search</c>) on a real database: what the address asks, and what it refuses.</summary>
public sealed class RunSearchPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task ARecordsItems_AreFound_WithTheirStatusAndError_LinkingToTheRun()
    {
        var runs = new RunComponentData(Services);
        var (user, deal, scenario, runId) = await runs.RunOnADealAsync("Searched deal");
        await runs.FinishAsync(runId, ItemStatus.Failed, "phone_invalid");
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderAt($"/runs/search?type=Deal&id={deal.Id}");

        var row = cut.WaitForElement("[data-testid=run-search-row]");
        Assert.Equal(scenario.Name, row.QuerySelector("[data-testid=run-search-run]")!.TextContent.Trim());
        Assert.Equal($"/runs/{runId}?error=phone_invalid", row.QuerySelector("[data-testid=run-search-run]")!.GetAttribute("href"));
        Assert.Equal("Failed", row.QuerySelector("[data-testid=run-search-status]")!.TextContent.Trim());
        Assert.Contains("phone_invalid", row.QuerySelector("[data-testid=run-search-error-text]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANumberThatIsNotAnId_IsRefused_InTheUsersLanguage()
    {
        var user = await new RunComponentData(Services).Kit.ManagerAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        UseCulture("ru");

        var cut = RenderAt("/runs/search?id=abc");

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=run-search-problem]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=run-search-results]"));
    }

    [Fact]
    public async Task Find_PutsWhatWasTypedInTheAddress()
    {
        var user = await new RunComponentData(Services).Kit.ManagerAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderAt("/runs/search");

        cut.WaitForElement("[data-testid=run-search-id]").Change("42");
        cut.Find("[data-testid=run-search-find]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/runs/search?id=42", Navigation.Uri, StringComparison.Ordinal));
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<RunSearchPage> RenderAt(string address)
    {
        Navigation.NavigateTo(address);
        return Render<RunSearchPage>();
    }
}
