using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Components.Runs;

/// <summary>The runs list (<c>/runs</c>) on a real database: its filter from the address, the filter bar, and its live refresh.</summary>
public sealed class RunsListTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task AScenarioFilter_ListsItsRuns_AndCountsThemByOutcome()
    {
        var runs = new RunComponentData(Services);
        var (user, _, scenario, runId) = await runs.RunOnADealAsync();
        await runs.FinishAsync(runId, ItemStatus.Completed);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderAt($"/runs?scenario={scenario.Id}");

        // The list and its counts load separately: wait for both.
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(scenario.Name, cut.Find("[data-testid=runs-link]").TextContent.Trim());
            Assert.Equal("Runs found: 1", cut.Find("[data-testid=runlog-total]").TextContent.Trim());
            Assert.Equal("Completed: 1", cut.Find("[data-testid=runlog-count-Completed]").TextContent.Trim());
        });
        Assert.Equal($"/runs/{runId}", cut.Find("[data-testid=runs-link]").GetAttribute("href"));
        Assert.True(cut.Find("[data-testid=runlog-newer]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ABadFilterInTheAddress_IsSaid_InTheUsersLanguage_AndNothingIsListed()
    {
        var user = await new RunComponentData(Services).Kit.ManagerAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        UseCulture("ru");

        var cut = RenderAt("/runs?status=Exploded");

        cut.WaitForAssertion(() => Assert.Contains("Exploded", cut.Find("[data-testid=runlog-filter-message]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=runs-list]"));
        Assert.NotNull(cut.Find("[data-testid=runlog-filter]"));
    }

    [Fact]
    public async Task AStatusChosenInTheFilterBar_IsPutInTheAddress_OnApply()
    {
        var user = await new RunComponentData(Services).Kit.ManagerAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = RenderAt("/runs");

        cut.WaitForElement("[data-testid=runlog-status]").MouseDown();
        // The open list may render again under the click (its handler then is a new one): find the item afresh and retry.
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Stopped").Click());
        cut.Find("[data-testid=runlog-apply]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/runs?status=Stopped", Navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARunLaunchedWhileTheListIsOpen_AppearsWithoutReloading()
    {
        var runs = new RunComponentData(Services);
        var user = await runs.Kit.ManagerAsync();
        var scenario = await runs.Kit.ScenarioAsync(RunTestKit.Comment("live"));
        var deal = await runs.Kit.Data.DealAsync("live", user);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderAt($"/runs?scenario={scenario.Id}");
        cut.WaitForElement("[data-testid=runs-empty]");

        await runs.Kit.LaunchAsync(scenario, user, [deal.Id]);

        cut.WaitForAssertion(() => Assert.Equal(scenario.Name, cut.Find("[data-testid=runs-link]").TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("[data-testid=runlog-run-status]"));
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>The list opened at this address (its query is the filter).</summary>
    private IRenderedComponent<RunsPage> RenderAt(string address)
    {
        Navigation.NavigateTo(address);
        return Render<RunsPage>();
    }
}
