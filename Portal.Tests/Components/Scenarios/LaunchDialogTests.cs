using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Launch;
using Portal.Features.Scenarios;
using Portal.Tests.Domain.Scenarios;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Components.Scenarios.LaunchTestScenarios;

namespace Portal.Tests.Components.Scenarios;

/// <summary>The launch dialog: the questions asked at launch with their errors on the field, the pre-check, the preview, and Launch.</summary>
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

        await dialogs.InvokeAsync(() => dialogs.Find(Value).Change("Hello {{Deal.Nmae}}"));

        dialogs.WaitForAssertion(() => Assert.Equal("Unknown field {{Deal.Nmae}}: choose one from the field list.", dialogs.Find(Error).TextContent.Trim()));
        await dialogs.InvokeAsync(() => dialogs.Find(Value).Change("Hello {{Deal.Title}}"));
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

    [Fact]
    public async Task ARequiredValue_ClearedAfterTyping_IsRefusedOnItsField_BeforeLaunch()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync(defaultText: null);
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);
        Assert.Empty(dialogs.FindAll(Error));

        await dialogs.InvokeAsync(() => dialogs.Find(Value).Change("Hello"));
        await dialogs.InvokeAsync(() => dialogs.Find(Value).Change(string.Empty));

        dialogs.WaitForAssertion(() => Assert.Equal("A required parameter is missing", dialogs.Find(Error).TextContent.Trim()));
        Assert.Equal(0, await RunsOfAsync(scenario));
    }

    [Fact]
    public async Task ANumberAskedAtLaunch_RefusesText_OnItsField_AndLaunchMakesNoRun_UntilItIsANumber()
    {
        // No robot of the product asks for a number: the test robot does, next to the real ones.
        Services.AddSingleton(ScenarioSamples.WithTestRobot);
        const string count = "step1.Count";
        var countValue = $"[data-testid='launch-value-{count}']";
        var countError = $"[data-testid='launch-error-{count}']";
        var (_, scenario, deal) = await ScenarioOnADealAsync(new ScenarioStep("test.typed", [new("Count", ValueSource.LaunchParameter, null, "How many")]));
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        await dialogs.InvokeAsync(() => dialogs.Find(countValue).Change("abc"));
        dialogs.WaitForAssertion(() => Assert.Equal("A parameter has an invalid value", dialogs.Find(countError).TextContent.Trim()));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=launch-submit]").Click());

        // The launch is refused when it has answered: Launch is enabled again, the answer still refused on its field.
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=launch-submit]").HasAttribute("disabled")));
        Assert.Equal("A parameter has an invalid value", dialogs.Find(countError).TextContent.Trim());
        Assert.Equal(0, await RunsOfAsync(scenario));

        await dialogs.InvokeAsync(() => dialogs.Find(countValue).Change("12"));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(countError)));
    }

    [Fact]
    public async Task ThePreCheck_WhenEveryRecordPasses_SaysAllAreReady()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("Hello {{Deal.Title}}");
        var (dialogs, _) = await OpenAsync(scenario, deal.Id);

        dialogs.WaitForAssertion(() => Assert.Equal("Ready: 1 of 1.", Text(dialogs.Find("[data-testid=launch-precheck-summary]"))));
        Assert.Empty(dialogs.FindAll("[data-testid=launch-precheck-failures]"));
    }

    [Fact]
    public async Task ThePreCheck_NamesTheRecordsThatWillFail_AndWhy()
    {
        // The comment is the deal's title 500 times: a short title fits, a long one renders over the limit.
        var (user, scenario, shortDeal) = await ScenarioOnADealAsync(LaunchTestScenarios.FixedComment(string.Concat(Enumerable.Repeat("{{Deal.Title}}", 500))));
        var longDeal = await Data.DealAsync(Unique(new string('L', 30)), user);
        var (dialogs, _) = await OpenAsync(scenario, shortDeal.Id, longDeal.Id);

        dialogs.WaitForAssertion(() => Assert.Equal(
            "Ready: 1 of 2. Will fail: 1 (text too long).", Text(dialogs.Find("[data-testid=launch-precheck-summary]"))));
        var failure = Text(dialogs.Find($"[data-testid='launch-precheck-{longDeal.Id}']"));
        Assert.StartsWith($"{longDeal.Title} — step 1, ", failure, StringComparison.Ordinal);
        Assert.EndsWith($"too long: {(longDeal.Title.Length * 500).ToString("N0", CultureInfo.CurrentCulture)} characters, at most {10_000.ToString("N0", CultureInfo.CurrentCulture)}", failure, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll($"[data-testid='launch-precheck-{shortDeal.Id}']"));
    }

    [Fact]
    public void ThePreCheck_SaysWhyEachListedRecordFails_HowManyMore_AndWhatWasNotChecked()
    {
        var records = new RecordCheck(3, 0, 3, [new RecordProblem(7, "Deal without phone", ErrorCodes.PhoneMissing, null, 1)], NotChecked: 1) { Reasons = [ErrorCodes.PhoneMissing] };

        var cut = Render<LaunchPreCheck>(p => p.Add(c => c.Records, records));

        var summary = Text(cut.Find("[data-testid=launch-precheck-summary]"));
        Assert.Contains("Ready: 0 of 3. Will fail: 3 (no phone).", summary, StringComparison.Ordinal);
        Assert.Contains("1 selected record not available to you was not checked.", summary, StringComparison.Ordinal);
        Assert.Equal("Deal without phone — The record has no phone number", Text(cut.Find("[data-testid=launch-precheck-7]")));
        Assert.Contains("…and 2 more.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreRecordsThanALaunchTakes_AreRefusedAtOnce_AndLaunchIsDisabled()
    {
        var (_, scenario, deal) = await ScenarioOnADealAsync("Too many");
        var limit = Service<LaunchPreview>().MaxEntitiesPerLaunch;
        var (dialogs, _) = await OpenAsync(scenario, [.. Enumerable.Range(0, limit + 1).Select(i => deal.Id + i)]);

        var shown = limit.ToString("N0", CultureInfo.CurrentCulture);
        Assert.StartsWith($"More than {shown} records are selected", dialogs.Find("[data-testid=launch-count]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"Too many records for one launch (at most {shown})", dialogs.Find("[data-testid=launch-error]").TextContent.Trim());
        Assert.True(dialogs.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
        Assert.Single(dialogs.FindAll("[data-testid=launch-preview-empty]"));
    }

    /// <summary>A manager who may automate their deals, signed in, one of their deals, and an active deal scenario asking for a text.</summary>
    private Task<(PortalUser User, long Scenario, Deal Deal)> ScenarioOnADealAsync(string? defaultText) => ScenarioOnADealAsync(AskedComment(defaultText));

    /// <summary>A manager who may automate their deals, signed in, one of their deals, and an active deal scenario of <paramref name="step"/>.</summary>
    private async Task<(PortalUser User, long Scenario, Deal Deal)> ScenarioOnADealAsync(ScenarioStep step)
    {
        var user = await Data.UserAsync("Launch dialog user", null, PortalRoles.Manager, await Data.DealRoleAsync(RightScope.All));
        SignIn(user.Id, user.DisplayName, PortalRoles.Manager);
        var scenario = await Service<ScenarioAdmin>().CreateAsync((await Data.AdminAsync()).Id, Unique("Launch dialog"), CrmEntityType.Deal, true, step);
        var deal = await Data.DealAsync(Unique("Dialog deal"), user);
        return (user, scenario, deal);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IDialogReference Dialog)> OpenAsync(long scenario, params IReadOnlyList<long> entityIds)
    {
        var dialogs = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await dialogs.InvokeAsync(async () => dialog = await Service<IDialogService>().ShowAsync<LaunchDialog>(
            "Launch",
            new DialogParameters<LaunchDialog> { { d => d.ScenarioId, scenario }, { d => d.EntityIds, entityIds } }));
        dialogs.WaitForElement("[data-testid=launch-dialog]");
        return (dialogs, dialog!);
    }

    /// <summary>An element's text as it reads: runs of white space as one space.</summary>
    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    private Task<int> RunsOfAsync(long scenario) =>
        new Portal.Tests.Integration.Runs.RunTestKit(Services).WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario));
}
