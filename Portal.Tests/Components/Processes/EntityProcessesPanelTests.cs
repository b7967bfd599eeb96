using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Security;
using Portal.Features.Engine.Robots;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components.Processes;

/// <summary>A card's "Business processes" panel: the processes offered for the record, started from it, as the signed-in user.</summary>
public sealed class EntityProcessesPanelTests(PortalServices portal) : DatabaseComponentTestBase(portal)
{
    [Fact]
    public async Task AnOfferedProcess_IsStartedFromTheCard_AndListedOnIt()
    {
        var (deal, name) = await DealWithProcessAsync(required: false);
        var cut = RenderPanel(deal);

        StartButtonOf(cut, name).Click();

        cut.WaitForAssertion(() => Assert.Contains(
            cut.FindAll("[data-testid=entity-process-name]"), n => n.TextContent.Trim() == name));
        Assert.Empty(cut.FindAll("[data-testid=entity-processes-empty]"));
    }

    [Fact]
    public async Task ARequiredParameterLeftEmpty_IsRefusedOnItsField_ThenTheProcessStarts()
    {
        var (deal, name) = await DealWithProcessAsync(required: true);
        var cut = RenderPanel(deal);

        StartButtonOf(cut, name).Click();
        cut.WaitForElement("[data-testid=entity-process-start-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Equal(
            "A required parameter is missing", cut.Find("[data-testid=entity-process-parameter-error]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=entity-process]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=entity-process-parameter-Reason]").Input("the customer called"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=entity-process-start-confirm]").Click());

        cut.WaitForAssertion(() => Assert.Equal(name, cut.Find("[data-testid=entity-process-name]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=entity-process-parameters]"));
    }

    [Fact]
    public async Task AnInactiveProcess_IsNotOffered()
    {
        var (deal, name) = await DealWithProcessAsync(required: false, isActive: false);

        var cut = RenderPanel(deal);

        cut.WaitForElement("[data-testid=entity-processes-empty]");
        Assert.DoesNotContain(name, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditorStopsAQueuedInstance_AfterConfirming_AndTheCardSaysWhoStoppedIt()
    {
        var me = await Data.UserAsync("Process stopper", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await DealWithInstancesAsync(me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanel(deal);

        // Only the queued instance offers Stop; the completed one does not.
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=entity-process]").Count));
        Assert.Single(cut.FindAll("[data-testid=entity-process-stop]")).Click();
        dialogs.WaitForElement(".mud-dialog");
        await cut.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Stop").Click());

        cut.WaitForAssertion(() => Assert.Contains(me.DisplayName, cut.Find("[data-testid=entity-process-stopped-by]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=entity-process-stop]"));
        Assert.Contains(cut.FindAll("[data-testid=entity-process-status]"), s => s.TextContent.Trim() == "Stopped");
    }

    [Fact]
    public async Task AReaderWhoMayNotEditTheRecord_SeesNoStopButton()
    {
        var owner = await Data.UserAsync("Process owner", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var reader = await Data.UserAsync("Process observer", null, crmRoles: ReferenceDataSeeder.ReadEverythingRole);
        var deal = await DealWithInstancesAsync(owner);
        SignIn(reader.Id, reader.DisplayName, PortalRoles.Manager);

        var cut = RenderPanel(deal);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=entity-process]").Count));
        Assert.Empty(cut.FindAll("[data-testid=entity-process-stop]"));
    }

    /// <summary>A deal of <paramref name="owner"/> with a completed instance and a queued one the dispatcher leaves alone.</summary>
    private async Task<Deal> DealWithInstancesAsync(PortalUser owner)
    {
        var deal = await Data.DealAsync($"Deal {Guid.NewGuid():N}", owner);
        var definition = new ProcessDefinition(
            $"Stoppable {Guid.NewGuid():N}", null, CrmEntityType.Deal, false, true, false, false, null, [],
            [new ProcessActivity("crm.add_comment", new Dictionary<string, string?> { ["Text"] = "x" })]);
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var template = ProcessTemplate.Create(definition, RobotsSetup.Catalog, owner.Id, DateTimeOffset.UtcNow);
        db.ProcessTemplates.Add(template);
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;
        var completed = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, owner.Id, new Dictionary<string, string>(), now);
        completed.Begin(now);
        completed.ActivityDone(now);
        var queued = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, owner.Id, new Dictionary<string, string>(), now);
        queued.Scheduled(now);
        db.ProcessInstances.AddRange(completed, queued);
        await db.SaveChangesAsync();
        return deal;
    }

    private IRenderedComponent<EntityProcessesPanel> RenderPanel(Deal deal) =>
        Render<EntityProcessesPanel>(p => p.Add(c => c.EntityType, CrmEntityType.Deal).Add(c => c.EntityId, deal.Id));

    private static AngleSharp.Dom.IElement StartButtonOf(IRenderedComponent<EntityProcessesPanel> cut, string name)
    {
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=entity-process-startable]"), s => s.TextContent.Contains(name, StringComparison.Ordinal)));
        return cut.FindAll("[data-testid=entity-process-startable]")
            .Single(s => s.TextContent.Contains(name, StringComparison.Ordinal))
            .QuerySelector("[data-testid=entity-process-start]")!;
    }

    private async Task<(Deal Deal, string Name)> DealWithProcessAsync(bool required, bool isActive = true)
    {
        var me = await Data.UserAsync("Process starter", null, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var deal = await Data.DealAsync($"Deal {Guid.NewGuid():N}", me);
        SignIn(me.Id, me.DisplayName, PortalRoles.Manager);
        var name = $"Follow-up {Guid.NewGuid():N}";
        ProcessParameter[] parameters = required ? [new ProcessParameter("Reason", "Reason", true)] : [];
        var definition = new ProcessDefinition(name, null, CrmEntityType.Deal, isActive, true, false, false, null, parameters, [ProcessActivities.NewStartScenario(1)]);
        await using var db = await Service<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.ProcessTemplates.Add(ProcessTemplate.Create(definition, RobotsSetup.Catalog, me.Id, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return (deal, name);
    }
}
