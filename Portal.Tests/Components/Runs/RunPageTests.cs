using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Common;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Launch;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>The run page (<c>/runs/{id}</c>) on a real database: its counts, its item filters and export, an item opened on its
/// steps and messages, and stop and re-run for who may control the run.</summary>
public sealed class RunPageTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    private RunComponentData Runs => new(Services);

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task ACarriedOutRun_ShowsItsOutcomeAndItsRecordsCountedByStatus()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 2, withoutPhone: 1);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(runId);

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=run-item-status]").Count));
        Assert.Equal("Completed with failures", Text(cut, "run-status"));
        Assert.Equal("1 of 3 records failed", Text(cut, "run-status-failed"));
        Assert.Equal("Completed: 2", Text(cut, "run-count-Completed"));
        Assert.Equal("Failed: 1", Text(cut, "run-count-Failed"));
        Assert.Equal("3 of 3 done", Text(cut, "run-finished-count"));
        Assert.Equal(user.DisplayName, Text(cut, "run-launched-by"));
    }

    [Fact]
    public async Task AStatusInTheAddress_ShowsOnlyTheItemsWithIt_AndTheFilterSaysSo()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 2, withoutPhone: 1);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(runId, "?status=Failed");

        cut.WaitForAssertion(() => Assert.Equal(["Failed"], Statuses(cut)));
        Assert.Equal("Deal without a phone 1", Text(cut, "run-item-entity"));
        Assert.Equal("Failed", cut.Find("[data-testid=run-status-filter]").GetAttribute("value"));
    }

    [Fact]
    public async Task ChoosingAStatus_PutsItInTheAddress_AndNarrowsTheItems()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 2, withoutPhone: 1);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal(3, Statuses(cut).Count));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-status-filter]").MouseDown());
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Trim() == "Completed"));
        await popovers.InvokeAsync(() => popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Completed").Click());

        cut.WaitForAssertion(() => Assert.EndsWith($"/runs/{runId}?status=Completed", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(["Completed", "Completed"], Statuses(cut)));
    }

    [Fact]
    public async Task TheErrorFilter_OffersTheRunsErrorsWithTheirCounts_AndNarrowsTheItems()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 2);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var popovers = Render<MudPopoverProvider>();
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal(3, Statuses(cut).Count));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-error-filter]").MouseDown());
        var options = popovers.WaitForElements(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList();
        Assert.Equal(["All errors", "The record has no phone number (2)"], options);
        await popovers.InvokeAsync(() => popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("(2)", StringComparison.Ordinal)).Click());

        cut.WaitForAssertion(() => Assert.EndsWith($"/runs/{runId}?error={ErrorCodes.PhoneMissing}", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(["Failed", "Failed"], Statuses(cut)));
        Assert.All(cut.FindAll("[data-testid=run-item-error]"), e => Assert.Equal("The record has no phone number", e.TextContent.Trim()));
    }

    [Fact]
    public async Task TheExportLink_DownloadsTheItemsWithTheFiltersShown()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 1);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var all = RenderRun(runId);
        all.WaitForAssertion(() => Assert.Equal(2, Statuses(all).Count));
        Assert.Equal($"/runs/{runId}/items.csv", all.Find("[data-testid=run-export]").GetAttribute("href"));
        Assert.True(all.Find("[data-testid=run-export]").HasAttribute("download"));

        var filtered = RenderRun(runId, $"?status=Failed&error={ErrorCodes.PhoneMissing}");
        filtered.WaitForAssertion(() => Assert.Equal(["Failed"], Statuses(filtered)));
        Assert.Equal($"/runs/{runId}/items.csv?status=Failed&error={ErrorCodes.PhoneMissing}", filtered.Find("[data-testid=run-export]").GetAttribute("href"));
    }

    [Fact]
    public async Task FindingARecord_PutsItInTheAddress_AndShowsOnlyThatRecordsItem()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 2, withoutPhone: 1);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal(3, Statuses(cut).Count));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-record-filter]").Change("without a phone"));

        cut.WaitForAssertion(() => Assert.EndsWith($"/runs/{runId}?record=without%20a%20phone", Navigation.Uri, StringComparison.Ordinal));
        var found = RenderRun(runId, "?record=without%20a%20phone");
        found.WaitForAssertion(() => Assert.Equal(["Failed"], Statuses(found)));
        Assert.StartsWith("Deal without a phone", found.Find("[data-testid=run-item-entity]").TextContent.Trim());
    }

    [Fact]
    public async Task OpeningAnItem_ShowsItsStepsAndTheMessageSent_AndClosingItHidesThem()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 0);
        var itemId = (await Runs.Kit.ItemsAsync(runId)).Single().Id;
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Single(Statuses(cut)));
        Assert.Empty(cut.FindAll($"[data-testid=run-steps-{itemId}]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-item-toggle]").Click());

        var steps = cut.WaitForElement($"[data-testid=run-steps-{itemId}]");
        Assert.Contains("[OLChat] Send message", steps.TextContent, StringComparison.Ordinal);
        Assert.Contains("Your order is ready", steps.TextContent, StringComparison.Ordinal);
        Assert.Equal("+79995552001: sent to the sandbox inbox", Text(cut, "run-step-output"));
        Assert.Contains("8 (999) 555-20-01", Text(cut, "run-step-message"), StringComparison.Ordinal);
        Assert.Equal("Sent", Text(cut, "run-message-status"));
        Assert.Equal("true", cut.Find("[data-testid=run-item-toggle]").GetAttribute("aria-expanded"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-item-toggle]").Click());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-testid=run-steps-{itemId}]")));
    }

    [Fact]
    public async Task ARecordTheLauncherMayNoLongerRead_ShowsHidden_AndOpensOnItsRobotsWithoutTheirValuesOrMessages()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 0);
        var itemId = (await Runs.Kit.ItemsAsync(runId)).Single().Id;
        await Runs.Kit.WithDbAsync(db => db.UserCrmRoles.Where(r => r.UserId == user.Id).ExecuteDeleteAsync());
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal("Hidden record", Text(cut, "run-item-hidden")));
        Assert.Empty(cut.FindAll("[data-testid=run-item-entity]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-item-toggle]").Click());

        var steps = cut.WaitForElement($"[data-testid=run-steps-{itemId}]");
        Assert.Contains("[OLChat] Send message", steps.TextContent, StringComparison.Ordinal);
        Assert.Equal("You may not read this record now: what the robots resolved and sent is hidden.", Text(cut, "run-steps-hidden"));
        Assert.DoesNotContain("Your order is ready", steps.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("5552001", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("555-20-01", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=run-step-output]"));
        Assert.Empty(cut.FindAll("[data-testid=run-step-message]"));
    }

    [Fact]
    public async Task AnItemNoRobotHasRunFor_SaysSoWhenOpened()
    {
        var (user, _, _, runId) = await Runs.RunOnADealAsync();
        var itemId = (await Runs.Kit.ItemsAsync(runId)).Single().Id;
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal(["Queued"], Statuses(cut)));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-item-toggle]").Click());

        cut.WaitForAssertion(() => Assert.Equal("No robot has run for this record yet.", Text(cut, $"run-steps-{itemId}")));
    }

    [Fact]
    public async Task TheLauncherOfAnActiveRun_IsOfferedStop_ButNotReRunWhileNothingFailed()
    {
        var (user, _, _, runId) = await Runs.RunOnADealAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(runId);

        cut.WaitForAssertion(() => Assert.Equal("Queued", Text(cut, "run-status")));
        Assert.Single(cut.FindAll("[data-testid=run-stop]"));
        Assert.Empty(cut.FindAll("[data-testid=run-rerun]"));
    }

    [Fact]
    public async Task Stop_StopsTheRun_AndThePageShowsItStopped()
    {
        var (user, _, _, runId) = await Runs.RunOnADealAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Equal("Queued", Text(cut, "run-status")));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-stop]").Click());

        cut.WaitForAssertion(() => Assert.Equal("Stopped", Text(cut, "run-status")));
        Assert.Empty(cut.FindAll("[data-testid=run-stop]"));
        Assert.Equal(RunStatus.Stopped, await Runs.Kit.WithDbAsync(db => db.ScenarioRuns.Where(r => r.Id == runId).Select(r => r.Status).SingleAsync()));
        cut.WaitForAssertion(() => Assert.Equal(["Terminated"], Statuses(cut)));
    }

    [Fact]
    public async Task AFinishedRunWithoutFailures_OffersNeitherStopNorReRun()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 0);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(runId);

        cut.WaitForAssertion(() => Assert.Equal("Completed", Text(cut, "run-status")));
        AssertNoCommands(cut);
    }

    [Fact]
    public async Task Support_ReadsARunWithFailures_ButMayNeitherStopNorReRunIt()
    {
        var (_, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 1);
        var support = await Data.UserAsync("Support Reader", null, PortalRoles.Support);
        SignIn(support.Id, support.DisplayName, PortalRoles.Support);

        var cut = RenderRun(runId);

        cut.WaitForAssertion(() => Assert.Equal("Failed: 1", Text(cut, "run-count-Failed")));
        AssertNoCommands(cut);
    }

    [Fact]
    public async Task ReRunFailed_LaunchesANewRunOfTheFailedRecords_AndOpensIt()
    {
        var (user, runId) = await Runs.SentRunAsync(withPhone: 1, withoutPhone: 2);
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var cut = RenderRun(runId);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=run-rerun]")));

        await cut.InvokeAsync(() => cut.Find("[data-testid=run-rerun]").Click());

        cut.WaitForAssertion(() => Assert.DoesNotContain($"/runs/{runId}", Navigation.Uri, StringComparison.Ordinal));
        var rerun = await Runs.Kit.WithDbAsync(db => db.ScenarioRuns.AsNoTracking().SingleAsync(r => r.RerunOfId == runId));
        Assert.EndsWith($"/runs/{rerun.Id}", Navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(2, rerun.ItemCount);
    }

    [Fact]
    public async Task ARunThatDoesNotExist_IsSaidNotFound()
    {
        var user = await Runs.Kit.ManagerAsync();
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(long.MaxValue);

        cut.WaitForElement("[data-testid=run-not-found]");
        Assert.Empty(cut.FindAll("[data-testid=run-page]"));
    }

    [Fact]
    public async Task AnotherManagersRun_IsSaidNotFound()
    {
        var (_, _, _, runId) = await Runs.RunOnADealAsync();
        var other = await Runs.Kit.ManagerAsync();
        SignIn(other.Id, other.DisplayName, PortalRoles.Manager);

        var cut = RenderRun(runId);

        cut.WaitForElement("[data-testid=run-not-found]");
        Assert.Empty(cut.FindAll("[data-testid=run-stop]"));
    }

    private IRenderedComponent<RunPage> RenderRun(long runId, string query = "")
    {
        Navigation.NavigateTo($"/runs/{runId}{query}");
        return Render<RunPage>(p => p.Add(c => c.Id, runId));
    }

    private static void AssertNoCommands(IRenderedComponent<RunPage> cut)
    {
        Assert.Empty(cut.FindAll("[data-testid=run-stop]"));
        Assert.Empty(cut.FindAll("[data-testid=run-rerun]"));
    }

    private static string Text(IRenderedComponent<RunPage> cut, string testId) => cut.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static List<string> Statuses(IRenderedComponent<RunPage> cut) =>
        cut.FindAll("[data-testid=run-item-status]").Select(e => e.TextContent.Trim()).ToList();
}
