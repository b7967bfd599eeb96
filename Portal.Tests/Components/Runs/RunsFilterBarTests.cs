using Bunit;
using MudBlazor;
using Portal.Domain.Runs;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Runs;

/// <summary>The runs list's filter bar: it edits the values the page owns, and asks the page to apply them.</summary>
public sealed class RunsFilterBarTests : ComponentTestBase
{
    private static readonly RunLogOptions Options = new(
        [new RunLogOption<long>(5, "Welcome call"), new RunLogOption<long>(9, "Reminder")],
        [new RunLogOption<string>("ann", "Ann Smith")]);

    [Fact]
    public void AScenarioChosen_IsInTheValues_AndApplyAsksForThem()
    {
        var values = new RunsFilterValues();
        var applied = 0;
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<RunsFilterBar>(p => p.Add(c => c.Options, Options).Add(c => c.Values, values).Add(c => c.OnApply, () => applied++));

        cut.Find("[data-testid=runlog-scenario]").MouseDown();
        popovers.WaitForElements(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Reminder").Click();
        cut.WaitForAssertion(() => Assert.Equal(9, values.ScenarioId));
        cut.Find("[data-testid=runlog-apply]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, applied));
        Assert.Equal("9", values.ToQuery()["scenario"]);
    }

    [Fact]
    public void ValuesReadFromTheAddress_AreShown_ByTheirNames()
    {
        var values = new RunsFilterValues { ScenarioId = 5, Outcome = RunOutcomeKind.Stopped, LaunchedById = "ann" };

        var cut = Render<RunsFilterBar>(p => p.Add(c => c.Options, Options).Add(c => c.Values, values));

        Assert.Equal("Welcome call", cut.Find("[data-testid=runlog-scenario]").GetAttribute("value"));
        Assert.Equal("Stopped", cut.Find("[data-testid=runlog-status]").GetAttribute("value"));
        Assert.Equal("Ann Smith", cut.Find("[data-testid=runlog-launched-by]").GetAttribute("value"));
    }

    [Fact]
    public void Reset_ClearsEveryValue_AndAsksForTheUnfilteredList()
    {
        var values = new RunsFilterValues
        {
            ScenarioId = 5,
            Outcome = RunOutcomeKind.Stopped,
            LaunchedById = "ann",
            Source = RunSource.Api,
            From = new DateTime(2026, 1, 1),
            To = new DateTime(2026, 1, 31),
        };
        var applied = 0;
        var cut = Render<RunsFilterBar>(p => p.Add(c => c.Options, Options).Add(c => c.Values, values).Add(c => c.OnApply, () => applied++));

        cut.Find("[data-testid=runlog-reset]").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, applied));
        Assert.All(values.ToQuery().Values, Assert.Null);
    }
}
