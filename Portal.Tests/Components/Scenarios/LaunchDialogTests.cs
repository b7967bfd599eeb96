using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Launch;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The launch dialog: the questions asked at launch with their errors on the field, the preview, and Launch.</summary>
public sealed class LaunchDialogTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    private static readonly string Value = $"[data-testid='launch-value-{AskedKey}']";
    private static readonly string Error = $"[data-testid='launch-error-{AskedKey}']";

    [Fact]
    public async Task LaunchingWithoutARequiredAnswer_IsRefusedOnItsField_AndNoRunIsMade()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync(defaultText: null);
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        dialogs.Find("[data-testid=launch-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("A required parameter is missing", dialogs.Find(Error).TextContent.Trim()));
        Assert.Equal(0, await RunsOfAsync(scenario));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=launch-dialog]"));
    }

    [Fact]
    public async Task AnUnknownField_IsRefusedOnTheField_UntilTheTextIsFixed()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("Hello");
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        dialogs.Find(Value).Change("Hello {{Deal.Nmae}}");

        dialogs.WaitForAssertion(() => Assert.Equal("Unknown field {{Deal.Nmae}}: choose one from the field list.", dialogs.Find(Error).TextContent.Trim()));
        dialogs.Find(Value).Change("Hello {{Deal.Title}}");
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(Error)));
    }

    [Fact]
    public async Task ThePreview_ShowsTheDefaultAsItWillBeSent_ForEachRecord()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("About {{Deal.Title}}");
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        dialogs.WaitForAssertion(() =>
            Assert.Contains($"About {deal.Title}", dialogs.Find($"[data-testid='launch-preview-{deal.Id}-1-Text']").TextContent));
        Assert.Equal("The scenario will run on 1 selected record.", dialogs.Find("[data-testid=launch-count]").TextContent.Trim());
    }

    [Fact]
    public async Task TheFieldPicker_AddsThePlaceholderWhereTheTextEnds()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("Hello,");
        var popovers = Render<MudPopoverProvider>();
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        dialogs.Find($"[data-testid='launch-value-{AskedKey}-field']").Input("Contact name");
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Contact · Contact name").Click());

        dialogs.WaitForAssertion(() => Assert.Equal("Hello, {{Contact.Name}}", dialogs.Find(Value).GetAttribute("value")));
    }

    [Fact]
    public async Task Launch_ClosesTheDialogWithTheNewRun()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("Launched from the dialog");
        var (dialogs, dialog) = await OpenAsync(scenario, deal.Id);
        dialogs.WaitForElement($"[data-testid='launch-preview-{deal.Id}']");

        dialogs.Find("[data-testid=launch-submit]").Click();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        Assert.IsType<long>(result.Data);
        Assert.Equal(1, await RunsOfAsync(scenario));
    }

    /// <summary>A manager who may automate their deals, signed in, one of their deals, and an active deal scenario asking for a text.</summary>
    private async Task<(PortalUser User, long Scenario, Deal Deal)> ScenarioOnADealAsync(string? defaultText)
    {
        var user = await Data.UserAsync("Launch dialog user", null, PortalRoles.Manager, await Data.DealRoleAsync(RightScope.All));
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var scenario = await Service<ScenarioAdmin>().CreateAsync((await Data.AdminAsync()).Id, Unique("Launch dialog"), CrmEntityType.Deal, true, AskedComment(defaultText));
        var deal = await Data.DealAsync(Unique("Dialog deal"), user);
        return (user, scenario, deal);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IDialogReference Dialog)> OpenAsync(long scenario, long dealId)
    {
        var dialogs = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await dialogs.InvokeAsync(async () => dialog = await Service<IDialogService>().ShowAsync<LaunchDialog>(
            "Launch",
            new DialogParameters<LaunchDialog> { { d => d.ScenarioId, scenario }, { d => d.EntityIds, new List<long> { dealId } } }));
        dialogs.WaitForElement("[data-testid=launch-dialog]");
        return (dialogs, dialog!);
    }

    private Task<int> RunsOfAsync(long scenario) =>
        new Portal.Tests.Integration.Runs.RunTestKit(Services).WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario));
}
