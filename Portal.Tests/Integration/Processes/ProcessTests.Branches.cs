using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Runs;
using Portal.Features.Crm;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Processes;

/// <summary>Conditions and variables on the real engine: each deal takes its own branch, a restart goes on inside one.</summary>
public partial class ProcessTests
{
    [Fact]
    public async Task ACondition_TakesEachDealsOwnBranch_LogsWhichOne_AndGoesOnAfterIt()
    {
        var manager = await _kit.ManagerAsync();
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities:
        [
            ProcessActivities.NewCondition(
                new ProcessBranch("Over 100000", ConditionJoin.All, [new("{{Deal.Amount}}", ConditionOperator.Greater, "100000")], Robot("crm.add_comment", ("Text", "A: head of sales"))),
                new ProcessBranch(null, ConditionJoin.All, [], Robot("crm.add_comment", ("Text", "B: reminder")))),
            .. Robot("crm.add_comment", ("Text", "after {{Deal.Title}}")),
        ]);
        var big = await _kit.Data.DealAsync("Big deal", manager, amount: 150000m);
        var small = await _kit.Data.DealAsync("Small deal", manager, amount: 50000m);

        await MoveAsync(big, InvoiceSent, manager);
        await MoveAsync(small, InvoiceSent, manager);

        var bigInstance = await FinishedAsync(template, big.Id);
        var smallInstance = await FinishedAsync(template, small.Id);
        Assert.Equal((ProcessStatus.Completed, ProcessStatus.Completed), (bigInstance.Status, smallInstance.Status));
        Assert.Equal((true, false, true), (await CommentedAsync(big.Id, "A: head of sales"), await CommentedAsync(big.Id, "B: reminder"), await CommentedAsync(big.Id, "after Big deal")));
        Assert.Equal((false, true, true), (await CommentedAsync(small.Id, "A: head of sales"), await CommentedAsync(small.Id, "B: reminder"), await CommentedAsync(small.Id, "after Small deal")));

        // The condition is activity 0, the branches' comments 1 and 2, the last comment 3.
        var bigLog = await LogAsync(bigInstance.Id);
        Assert.Equal(
            [(ProcessLog.Started, null), (ProcessLog.BranchTaken, 0), (ProcessLog.ActivityDone, 1), (ProcessLog.ActivityDone, 3), (ProcessLog.Completed, null)],
            bigLog.Select(l => (l.Code, l.Activity)));
        Assert.Equal("Over 100000", bigLog[1].Detail);
        var smallLog = await LogAsync(smallInstance.Id);
        Assert.Equal(
            [(ProcessLog.Started, null), (ProcessLog.BranchTaken, 0), (ProcessLog.ActivityDone, 2), (ProcessLog.ActivityDone, 3), (ProcessLog.Completed, null)],
            smallLog.Select(l => (l.Code, l.Activity)));
        Assert.Equal("2", smallLog[1].Detail);
    }

    [Fact]
    public async Task AStageCondition_TestsTheRecordsStageById_AndADateItsDay()
    {
        var manager = await _kit.ManagerAsync();
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities:
        [
            ProcessActivities.NewCondition(
                new ProcessBranch(null, ConditionJoin.All, [new("{{Document.Stage}}", ConditionOperator.InStages, Stages: [Preparing])], Robot("crm.add_comment", ("Text", "preparing"))),
                new ProcessBranch(
                    null, ConditionJoin.All,
                    [new("{{Deal.Stage}}", ConditionOperator.InStages, Stages: [InvoiceSent]), new("{{Deal.CreatedAt}}", ConditionOperator.Greater, "2000-01-01")],
                    Robot("crm.add_comment", ("Text", "invoice sent")))),
        ]);
        var deal = await _kit.Data.DealAsync("Staged", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        Assert.Equal(ProcessStatus.Completed, (await FinishedAsync(template, deal.Id)).Status);
        Assert.Equal((false, true), (await CommentedAsync(deal.Id, "preparing"), await CommentedAsync(deal.Id, "invoice sent")));
    }

    [Fact]
    public async Task AVariable_SetOnce_IsUsedInALaterActivitysValue_InACondition_AndInAScenariosLaunchParameter()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities:
        [
            ProcessActivities.NewSetVariable("Label", VariableType.Text, "VIP {{Deal.Title}}"),
            ProcessActivities.NewSetVariable("Total", VariableType.Number, "{{Deal.Amount}}"),
            ProcessActivities.NewCondition(new ProcessBranch(
                null, ConditionJoin.All, [new("{{Variables.Total}}", ConditionOperator.Greater, "1000")], Robot("crm.add_comment", ("Text", "{{Variables.Label}}: {{Variables.Total}}")))),
            .. Start(scenario, message: "Dear {{Variables.Label}}"),
        ]);
        var deal = await _kit.Data.DealAsync("Acme order", manager, amount: 1234.5m, contact: await _kit.Data.ContactAsync("Variable", "Customer", manager, new PhoneNumber("+49 30 7654321", PhoneType.Mobile)));

        await MoveAsync(deal, InvoiceSent, manager);

        var instance = await FinishedAsync(template, deal.Id);
        Assert.Equal(ProcessStatus.Completed, instance.Status);
        Assert.True(await CommentedAsync(deal.Id, "VIP Acme order: 1234.5"));
        Assert.Equal(new ProcessVariable(VariableType.Number, "1234.5"), instance.Variables["Total"]);
        Assert.Equal(new ProcessVariable(VariableType.Text, "VIP Acme order"), instance.Variables["Label"]);
        var log = await LogAsync(instance.Id);
        Assert.Equal(["Label = VIP Acme order", "Total = 1234.5"], log.Where(l => l.Code == ProcessLog.VariableSet).Select(l => l.Detail));
        var run = await _kit.FinishedAsync(Assert.Single(log, l => l.Code == ProcessLog.ScenarioStarted).RunId!.Value);
        Assert.Equal("Dear VIP Acme order", run.LaunchValues["step1.Message"]);
    }

    [Fact]
    public async Task AWorkerThatDiedInsideABranch_GoesOnThere_WithoutDecidingAgainOrLaunchingTwice()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("nested once"));

        // The deal is small now: deciding again would take the "else" branch.
        var deal = await _kit.Data.DealAsync("Resumed", manager, amount: 50000m);
        ProcessActivity[] activities =
        [
            ProcessActivities.NewCondition(
                new ProcessBranch(null, ConditionJoin.All, [new("{{Deal.Amount}}", ConditionOperator.Greater, "100000")], [.. Start(scenario), .. Robot("crm.add_comment", ("Text", "two"))]),
                new ProcessBranch(null, ConditionJoin.All, [], Robot("crm.add_comment", ("Text", "else")))),
            .. Robot("crm.add_comment", ("Text", "end")),
        ];

        // The condition took its first branch, then the branch's scenario was launched and the worker died before writing so.
        var instanceId = await _kit.WithDbAsync(async db =>
        {
            var template = ProcessTemplate.Create(Definition(CrmEntityType.Deal, activities, manually: true) with { IsActive = false }, RobotsSetup.Catalog, manager.Id, DateTimeOffset.UtcNow);
            db.ProcessTemplates.Add(template);
            await db.SaveChangesAsync();
            var instance = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, manager.Id, new Dictionary<string, string>(), DateTimeOffset.UtcNow);
            instance.Begin(DateTimeOffset.UtcNow);
            instance.BranchTaken(0, DateTimeOffset.UtcNow);
            db.ProcessInstances.Add(instance);
            await db.SaveChangesAsync();
            return instance.Id;
        });
        var launched = await _kit.Launcher.LaunchAsync(new LaunchRequest(
            scenario.Id, CrmEntityType.Deal, [deal.Id], new Dictionary<string, string?>(), manager.Id, RunSource.Process, Process: new ProcessOrigin(instanceId, 1)));
        Assert.True(launched.Launched);

        var instance = await Eventually.GetAsync(() => _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && (i.Status == ProcessStatus.Completed || i.Status == ProcessStatus.Failed))));
        Assert.Equal((ProcessStatus.Completed, 5), (instance.Status, instance.NextActivity));
        Assert.Equal(
            [(ProcessLog.ScenarioStarted, 1), (ProcessLog.ActivityDone, 2), (ProcessLog.ActivityDone, 4), (ProcessLog.Completed, null)],
            (await LogAsync(instanceId)).Select(l => (l.Code, l.Activity)));
        Assert.Equal(launched.RunId, (await LogAsync(instanceId))[0].RunId);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
        Assert.Equal((true, false, true), (await CommentedAsync(deal.Id, "two"), await CommentedAsync(deal.Id, "else"), await CommentedAsync(deal.Id, "end")));

        // Run again, it does nothing.
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessExecutor>().RunAsync(instanceId);
        Assert.Equal(4, (await LogAsync(instanceId)).Count);
    }

    [Fact]
    public async Task ATemplateStoredBeforeConditions_ReadsAsItWas_AndAConditionIsStoredNested()
    {
        var template = await TemplateAsync(CrmEntityType.Deal, manually: true, activities:
        [
            ProcessActivities.NewCondition(new ProcessBranch("Won", ConditionJoin.Any, [new("{{Deal.Stage}}", ConditionOperator.InStages, Stages: [5])], Robot("crm.add_comment", ("Text", "won")))),
        ]);
        var stored = await ActivitiesJsonAsync(template);
        var branch = stored.RootElement[0].GetProperty("Branches")[0];
        Assert.Equal(("Won", "Any", "InStages", 5), (
            branch.GetProperty("Title").GetString(), branch.GetProperty("Join").GetString(),
            branch.GetProperty("Conditions")[0].GetProperty("Operator").GetString(), branch.GetProperty("Conditions")[0].GetProperty("Stages")[0].GetInt32()));
        Assert.Equal("won", branch.GetProperty("Activities")[0].GetProperty("Values").GetProperty("Text").GetString());

        // A flat list as it was stored before: it reads unchanged, and is written back without any new member.
        await _kit.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $$$"""UPDATE "ProcessTemplates" SET "Activities" = '[{"Kind": "crm.add_comment", "Values": {"Text": "legacy"}}]'::jsonb WHERE "Id" = {{{template}}}"""));
        var legacy = await _kit.WithDbAsync(db => db.ProcessTemplates.AsNoTracking().SingleAsync(t => t.Id == template));
        var activity = Assert.Single(legacy.Activities);
        Assert.Equal(("crm.add_comment", "legacy", (IReadOnlyList<ProcessBranch>?)null), (activity.Kind, activity.Value("Text"), activity.Branches));
        var admin = await _kit.Data.UserAsync("Process Admin", null, Portal.Domain.Security.PortalRoles.Administrator);
        var saved = await app.Services.GetRequiredService<ProcessAdmin>().SaveAsync(admin.Id, template, legacy.Version, legacy.Definition with { Name = "Renamed" });
        Assert.Equal(CommandStatus.Ok, saved.Status);
        var rewritten = await ActivitiesJsonAsync(template);
        Assert.Equal(["Kind", "Values"], rewritten.RootElement[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task AnExportedTemplateWithBranches_ImportsAsANewInactiveTemplate_AndABadFileIsRefused()
    {
        var admin = await _kit.Data.UserAsync("Process Admin", null, Portal.Domain.Security.PortalRoles.Administrator);
        var processes = app.Services.GetRequiredService<ProcessAdmin>();
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities:
        [
            ProcessActivities.NewSetVariable("Total", VariableType.Number, "{{Deal.Amount}}"),
            ProcessActivities.NewCondition(new ProcessBranch("Big", ConditionJoin.All, [new("{{Variables.Total}}", ConditionOperator.Greater, "100000")], Robot("crm.add_comment", ("Text", "big")))),
        ]);

        var (fileName, json) = (await processes.ExportAsync(template))!.Value;
        var imported = await processes.ImportAsync(admin.Id, json);

        Assert.StartsWith($"process-{template}-Process-", fileName, StringComparison.Ordinal);
        Assert.Equal(CommandStatus.Ok, imported.Status);
        var copy = (await processes.GetAsync(imported.Id!.Value))!.Definition;
        Assert.False(copy.IsActive);
        Assert.Equal(json, ProcessDocument.Export(copy));
        var refused = await processes.ImportAsync(admin.Id, "[]");
        Assert.Equal((CommandStatus.Invalid, ProcessErrors.ImportNotAProcess), (refused.Status, Assert.Single(refused.AllProblems).Code));
    }

    private Task<JsonDocument> ActivitiesJsonAsync(long templateId) => _kit.WithDbAsync(async db =>
        JsonDocument.Parse(await db.Database.SqlQuery<string>($"""SELECT "Activities"::text AS "Value" FROM "ProcessTemplates" WHERE "Id" = {templateId}""").SingleAsync()));
}
