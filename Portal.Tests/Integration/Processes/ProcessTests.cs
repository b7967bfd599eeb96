using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Engine.Robots;
using Portal.Features.Launch;
using Portal.Features.Processes;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.Processes;

/// <summary>
/// Business processes on the real engine: the CRM tables' triggers start them, the dispatcher hands them to the job engine,
/// the executor runs their activities. The tests of this class run one after another on its own database; each
/// switches off the templates of the tests before it.
/// </summary>
public partial class ProcessTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private const int InvoiceSent = 3;
    private const int Preparing = 2;
    private readonly RunTestKit _kit = new(app.Services);

    public Task InitializeAsync() => _kit.WithDbAsync(db => db.ProcessTemplates.ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false)));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StageChange_StartsTheScenario_WithADocumentFieldInItsLaunchParameter_AsTheUserWhoMovedTheDeal()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: Start(scenario, message: "Hello {{Deal.Title}}"));
        var deal = await DealWithPhoneAsync("Order 42", manager);
        var other = await DealWithPhoneAsync("Elsewhere", manager);

        await MoveAsync(deal, InvoiceSent, manager);
        await MoveAsync(other, Preparing, manager);

        var instance = await FinishedAsync(template, deal.Id);
        Assert.Equal((ProcessStatus.Completed, ProcessTrigger.StageChanged, manager.Id), (instance.Status, instance.Trigger, instance.StartedById));
        var log = await LogAsync(instance.Id);
        Assert.Equal([ProcessLog.Started, ProcessLog.ScenarioStarted, ProcessLog.Completed], log.Select(l => l.Code));
        var run = await _kit.FinishedAsync(log[1].RunId!.Value);
        Assert.Equal((scenario.Id, RunSource.Process, manager.Id, instance.Id), (run.ScenarioId, run.Source, run.RunAsId, run.ProcessInstanceId));
        Assert.Equal("Hello Order 42", run.LaunchValues["step1.Message"]);
        var sent = await _kit.WithDbAsync(db => db.WhatsAppMessages.Where(m => m.RunId == run.Id).Select(m => m.Text).SingleAsync());
        Assert.Equal("Hello Order 42", sent);

        // Another stage: the template does not start.
        Assert.Empty(await InstancesAsync(template, other.Id));
    }

    [Fact]
    public async Task RunAsUserWithoutTheRight_IsLoggedWithTheSeedsText_AndNoRunIsWritten()
    {
        var manager = await _kit.ManagerAsync();
        var reader = await _kit.Data.UserAsync("Process Reader", null, PortalRoles.Manager, await _kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("never"));
        var activity = ProcessActivities.NewStartScenario(scenario.Id);
        var asReader = activity with
        {
            Values = new Dictionary<string, string?>(activity.Values) { [ProcessActivities.RunAs] = nameof(RunAsMode.User), [ProcessActivities.RunAsUser] = reader.Id },
        };
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: [asReader]);
        var deal = await _kit.Data.DealAsync("Rights", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var instance = await FinishedAsync(template, deal.Id);
        Assert.Equal(ProcessStatus.Failed, instance.Status);
        var error = Assert.Single(await LogAsync(instance.Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal((0, ErrorCodes.RightsInsufficient), (error.Activity, error.Code));
        Assert.Equal(0, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("deleted")]
    public async Task ADisabledOrDeletedScenario_IsNotFoundOrDisabled(string what)
    {
        var admin = await _kit.Data.UserAsync("Process Admin", null, PortalRoles.Administrator);
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("gone"));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: Start(scenario));
        var scenarios = app.Services.GetRequiredService<Portal.Features.Scenarios.ScenarioAdmin>();
        var changed = what == "disabled" ? await scenarios.SetActiveAsync(admin.Id, scenario.Id, false) : await scenarios.DeleteAsync(admin.Id, scenario.Id);
        Assert.Equal(CommandStatus.Ok, changed.Status);
        var deal = await _kit.Data.DealAsync($"Scenario {what}", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var instance = await FinishedAsync(template, deal.Id);
        var error = Assert.Single(await LogAsync(instance.Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal(ErrorCodes.ScenarioNotFoundOrDisabled, error.Code);
    }

    [Theory]
    [InlineData("CONTACT_{{Contact.Id}}", ErrorCodes.EntityWrongType)]
    [InlineData("DEAL_999999999", ErrorCodes.EntityNotFound)]
    [InlineData("{{Deal.Title}}", ErrorCodes.EntityNotFound)]
    public async Task AnElementOfAnotherTypeOrNoElement_IsRefused(string element, string code)
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("typed"));
        var activity = ProcessActivities.NewStartScenario(scenario.Id);
        var pointed = activity with { Values = new Dictionary<string, string?>(activity.Values) { [ProcessActivities.ElementId] = element } };
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: [pointed]);
        var deal = await DealWithPhoneAsync("Typed", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var error = Assert.Single(await LogAsync((await FinishedAsync(template, deal.Id)).Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal(code, error.Code);
        Assert.Equal(0, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task AMissingRequiredLaunchParameter_IsRefused_WithItsKey()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: Start(scenario, message: "{{Deal.Source}}"));
        var deal = await DealWithPhoneAsync("No source", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var error = Assert.Single(await LogAsync((await FinishedAsync(template, deal.Id)).Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal((ErrorCodes.ParameterMissing, "step1.Message"), (error.Code, error.Detail));
    }

    [Fact]
    public async Task AScenarioThatMovesTheDealAgain_IsRefusedTheSecondTimeInTheChain()
    {
        var manager = await _kit.ManagerAsync();

        // The scenario moves the deal to another stage, which starts the process again, which would start the scenario again.
        var scenario = await _kit.ScenarioAsync(RunTestKit.ChangeStage(Preparing));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: null, activities: Start(scenario));
        var deal = await _kit.Data.DealAsync("Loop", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var instances = await Eventually.GetAsync(
            async () => await InstancesAsync(template, deal.Id) is { Count: 2 } both && both.All(i => i.IsOver) ? both : null,
            what: "the process and the one the scenario's stage change started");
        var (first, second) = (instances[0], instances[1]);
        Assert.Equal((ProcessStatus.Completed, (long?)null, 0), (first.Status, first.ParentId, first.Depth));
        Assert.Equal((ProcessStatus.Failed, (long?)first.Id, 1), (second.Status, second.ParentId, second.Depth));
        var error = Assert.Single(await LogAsync(second.Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal(ErrorCodes.LaunchLoopDetected, error.Code);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));
    }

    [Fact]
    public async Task OnCreate_RunsTheRobotActivities_AndAManualStartAsksForItsRequiredParameters()
    {
        var manager = await _kit.ManagerAsync();
        var created = await TemplateAsync(CrmEntityType.Deal, onCreate: true, activities: Robot("crm.add_comment", ("Text", "Welcome, {{Document.Title}}")));
        var deal = await _kit.Data.DealAsync("Fresh deal", manager);

        var instance = await FinishedAsync(created, deal.Id);
        Assert.Equal((ProcessStatus.Completed, ProcessTrigger.Created), (instance.Status, instance.Trigger));
        Assert.True(await CommentedAsync(deal.Id, "Welcome, Fresh deal"));

        var manual = await TemplateAsync(
            CrmEntityType.Deal, manually: true, parameters: [new ProcessParameter("Reason", "Reason", Required: true)],
            activities: Robot("crm.add_comment", ("Text", "Because {{Start.Reason}}")));
        var starter = app.Services.GetRequiredService<ProcessStarter>();

        var refused = await starter.StartAsync(manager.Id, manual, CrmEntityType.Deal, deal.Id, new Dictionary<string, string?>());
        var wrongType = await starter.StartAsync(manager.Id, manual, CrmEntityType.Contact, deal.Id, new Dictionary<string, string?> { ["Reason"] = "x" });
        var started = await starter.StartAsync(manager.Id, manual, CrmEntityType.Deal, deal.Id, new Dictionary<string, string?> { ["Reason"] = "the customer asked" });

        Assert.Equal((ErrorCodes.ParameterMissing, "Reason"), (refused.Error, Assert.Single(refused.Problems).Field));
        Assert.Equal(ProcessStarter.NotAvailable, wrongType.Error);
        Assert.True(started.Started);
        Assert.Equal(ProcessTrigger.Manual, (await FinishedAsync(manual, deal.Id)).Trigger);
        Assert.True(await CommentedAsync(deal.Id, "Because the customer asked"));
    }

    [Fact]
    public async Task AManualStart_RendersInTheStartersLanguage_AndAnAutomaticOne_InThePortalsCulture()
    {
        var manager = await _kit.ManagerAsync();
        var automatic = await TemplateAsync(CrmEntityType.Deal, onCreate: true, activities: Robot("crm.add_comment", ("Text", "Created at {{Deal.Amount}}")));
        var manual = await TemplateAsync(CrmEntityType.Deal, manually: true, activities: Robot("crm.add_comment", ("Text", "Sum {{Deal.Amount}}")));
        var deal = await _kit.Data.DealAsync("Culture deal", manager, amount: 1234.5m);
        await FinishedAsync(automatic, deal.Id);
        var starter = app.Services.GetRequiredService<ProcessStarter>();

        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru");
        try
        {
            Assert.True((await starter.StartAsync(manager.Id, manual, CrmEntityType.Deal, deal.Id, new Dictionary<string, string?>())).Started);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }

        var instance = await FinishedAsync(manual, deal.Id);
        Assert.Equal((ProcessStatus.Completed, "ru"), (instance.Status, instance.Culture));
        Assert.True(await CommentedAsync(deal.Id, string.Create(CultureInfo.GetCultureInfo("ru"), $"Sum {1234.5m:N2} {deal.Currency}")));
        Assert.True(await CommentedAsync(deal.Id, string.Create(CultureInfo.GetCultureInfo("en"), $"Created at {1234.5m:N2} {deal.Currency}")));
    }

    [Fact]
    public async Task LeadStatusChanges_AndContactsAndCompaniesCreated_StartTheirTypesProcesses()
    {
        var manager = await _kit.Data.UserAsync("All types", null, PortalRoles.Administrator);
        var qualified = await TemplateAsync(CrmEntityType.Lead, onStage: 3, activities: Robot("crm.add_comment", ("Text", "Qualified: {{Document.Title}}")));
        var contacts = await TemplateAsync(CrmEntityType.Contact, onCreate: true, activities: Robot("crm.add_comment", ("Text", "Hello {{Document.Name}}")));
        var companies = await TemplateAsync(CrmEntityType.Company, onCreate: true, activities: Robot("crm.add_comment", ("Text", "Company {{Document.Name}}")));
        var lead = await _kit.Data.LeadAsync("Warm lead", manager);
        var other = await _kit.Data.LeadAsync("Cold lead", manager);

        await _kit.WithDbAsync(async db =>
        {
            var statuses = await db.LeadStatuses.ToDictionaryAsync(s => s.Id);
            var warm = await db.Leads.SingleAsync(l => l.Id == lead.Id);
            var cold = await db.Leads.SingleAsync(l => l.Id == other.Id);
            warm.MoveTo(statuses[3], statuses[warm.StatusId], manager.Id, DateTimeOffset.UtcNow);
            cold.MoveTo(statuses[2], statuses[cold.StatusId], manager.Id, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        var contact = await _kit.Data.ContactAsync("Olga", "Ivanova", manager);
        var company = await _kit.Data.CompanyAsync("Acme", manager);

        Assert.Equal(ProcessStatus.Completed, (await FinishedAsync(qualified, lead.Id)).Status);
        Assert.Empty(await InstancesAsync(qualified, other.Id));
        Assert.Equal(ProcessTrigger.Created, (await FinishedAsync(contacts, contact.Id)).Trigger);
        Assert.Equal(ProcessTrigger.Created, (await FinishedAsync(companies, company.Id)).Trigger);
        Assert.True(await _kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityType == CrmEntityType.Lead && e.EntityId == lead.Id && e.Text == "Qualified: Warm lead")));
        Assert.True(await _kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityType == CrmEntityType.Contact && e.EntityId == contact.Id && e.Text.StartsWith("Hello Olga"))));
        Assert.True(await _kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityType == CrmEntityType.Company && e.EntityId == company.Id && e.Text == "Company Acme")));
    }

    [Fact]
    public async Task AFailingRobot_EndsTheInstanceWithItsError_AndItsChangesAreNotKept()
    {
        var manager = await _kit.ManagerAsync();
        var template = await TemplateAsync(
            CrmEntityType.Deal, onStage: InvoiceSent,
            activities: [.. Robot("crm.add_comment", ("Text", "before")), .. Robot("crm.notify_employee", ("User", "nobody-has-this-id"), ("Text", "Hi")), .. Robot("crm.add_comment", ("Text", "after"))]);
        var deal = await _kit.Data.DealAsync("Robot fails", manager);

        await MoveAsync(deal, InvoiceSent, manager);

        var instance = await FinishedAsync(template, deal.Id);
        Assert.Equal((ProcessStatus.Failed, 1), (instance.Status, instance.NextActivity));
        var error = Assert.Single(await LogAsync(instance.Id), l => l.Level == ProcessLogLevel.Error);
        Assert.Equal((1, ErrorCodes.ParameterInvalid), (error.Activity, error.Code));
        Assert.True(await CommentedAsync(deal.Id, "before"));
        Assert.False(await CommentedAsync(deal.Id, "after"));
    }

    [Fact]
    public async Task AWorkerThatDiedAfterTheLaunch_DoesNotLaunchTwice_WhenTheInstanceGoesOn()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("once"));
        var definition = Definition(CrmEntityType.Deal, manually: true, activities: Start(scenario));
        var deal = await _kit.Data.DealAsync("Crash", manager);

        // An instance written as a manual start would, then launched as its worker would before dying: nothing was logged.
        var instanceId = await _kit.WithDbAsync(async db =>
        {
            var template = ProcessTemplate.Create(definition with { IsActive = false }, RobotsSetup.Catalog, manager.Id, DateTimeOffset.UtcNow);
            db.ProcessTemplates.Add(template);
            await db.SaveChangesAsync();
            var instance = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, manager.Id, new Dictionary<string, string>(), DateTimeOffset.UtcNow);
            db.ProcessInstances.Add(instance);
            await db.SaveChangesAsync();
            return instance.Id;
        });
        var first = await _kit.Launcher.LaunchAsync(new LaunchRequest(
            scenario.Id, CrmEntityType.Deal, [deal.Id], new Dictionary<string, string?>(), manager.Id, RunSource.Process, Process: new ProcessOrigin(instanceId, 0)));
        Assert.True(first.Launched);

        // The dispatcher hands the instance (never scheduled) to the job engine; it goes on from its first activity.
        var instance = await Eventually.GetAsync(() => _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && (i.Status == ProcessStatus.Completed || i.Status == ProcessStatus.Failed))));
        Assert.Equal(ProcessStatus.Completed, instance.Status);
        Assert.Equal(first.RunId, Assert.Single(await LogAsync(instanceId), l => l.Code == ProcessLog.ScenarioStarted).RunId);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id)));

        // Run again, it does nothing.
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcessExecutor>().RunAsync(instanceId);
        Assert.Equal(3, (await LogAsync(instanceId)).Count);
    }

    [Fact]
    public async Task AWorkerThatDiedBeforeTheLaunch_LaunchesWhenTheInstanceGoesOn_NotALoop()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("after a crash"));
        var deal = await _kit.Data.DealAsync("Crash before", manager);

        // The activity had written its start into the chain, then its worker died before the run was written.
        var instanceId = await _kit.WithDbAsync(async db =>
        {
            var template = ProcessTemplate.Create(Definition(CrmEntityType.Deal, manually: true, activities: Start(scenario)) with { IsActive = false }, RobotsSetup.Catalog, manager.Id, DateTimeOffset.UtcNow);
            db.ProcessTemplates.Add(template);
            await db.SaveChangesAsync();
            var instance = ProcessInstance.Start(template, deal.Id, ProcessTrigger.Manual, manager.Id, new Dictionary<string, string>(), DateTimeOffset.UtcNow);
            instance.AddToChain(ProcessInstance.ChainLink(scenario.Id, CrmEntityType.Deal, deal.Id));
            db.ProcessInstances.Add(instance);
            await db.SaveChangesAsync();
            return instance.Id;
        });

        var instance = await Eventually.GetAsync(() => _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId && (i.Status == ProcessStatus.Completed || i.Status == ProcessStatus.Failed))));
        Assert.Equal(ProcessStatus.Completed, instance.Status);
        Assert.Equal(1, await _kit.WithDbAsync(db => db.ScenarioRuns.CountAsync(r => r.ScenarioId == scenario.Id && r.ProcessInstanceId == instanceId)));
    }

    [Fact]
    public async Task ABulkStageChangeOf200Deals_EndsWith200CompletedRuns_ProcessStartsAreNotRefusedByTheRunLimit()
    {
        const int Deals = 200;
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Invoice sent"));
        var template = await TemplateAsync(CrmEntityType.Deal, onStage: InvoiceSent, activities: Start(scenario));
        var ids = await _kit.WithDbAsync(async db =>
        {
            var stage = await db.Stages.SingleAsync(s => s.Id == Preparing);
            var deals = Enumerable.Range(1, Deals)
                .Select(i => Deal.Create($"Bulk {i}", stage, 100m, "RUB", manager.Id, manager.Id, DateTimeOffset.UtcNow))
                .ToList();
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return deals.Select(d => d.Id).ToList();
        });

        // One bulk change: every deal reaches "Invoice sent" in one statement, as a list's mass action does.
        await _kit.WithDbAsync(async db =>
        {
            var stages = await db.Stages.ToDictionaryAsync(s => s.Id);
            foreach (var deal in await db.Deals.Where(d => ids.Contains(d.Id)).ToListAsync())
            {
                deal.MoveTo(stages[InvoiceSent], stages[deal.StageId], manager.Id, DateTimeOffset.UtcNow);
            }

            await db.SaveChangesAsync();
        });

        var instances = await Eventually.GetAsync(
            () => _kit.WithDbAsync(async db =>
            {
                var over = await db.ProcessInstances.AsNoTracking()
                    .Where(i => i.TemplateId == template && (i.Status == ProcessStatus.Completed || i.Status == ProcessStatus.Failed))
                    .ToListAsync();
                return over.Count == Deals ? over : null;
            }),
            TimeSpan.FromMinutes(3),
            $"the {Deals} processes to end");
        var failures = await _kit.WithDbAsync(db => db.ProcessLog.AsNoTracking()
            .Where(l => l.Level == ProcessLogLevel.Error && instances.Select(i => i.Id).Contains(l.InstanceId))
            .Select(l => l.Code).Distinct().ToListAsync());
        Assert.Empty(failures);
        Assert.All(instances, i => Assert.Equal(ProcessStatus.Completed, i.Status));
        var runs = await Eventually.GetAsync(
            () => _kit.WithDbAsync(async db =>
            {
                var done = await db.ScenarioRuns.AsNoTracking().Where(r => r.ScenarioId == scenario.Id && r.Status == RunStatus.Completed).ToListAsync();
                return done.Count == Deals ? done : null;
            }),
            TimeSpan.FromMinutes(3),
            $"{Deals} completed runs");
        Assert.Equal(ids.Order(), runs.Select(r => r.ProcessInstanceId!.Value).Select(id => instances.Single(i => i.Id == id).EntityId).Order());
    }

    private static ProcessActivity[] Start(Scenario scenario, string? message = null)
    {
        var activity = ProcessActivities.NewStartScenario(scenario.Id);
        if (message is null)
        {
            return [activity];
        }

        var values = new Dictionary<string, string?>(activity.Values) { [ProcessActivities.LaunchPrefix + "step1.Message"] = message };
        return [activity with { Values = values }];
    }

    private static ProcessActivity[] Robot(string kind, params (string Name, string Value)[] values) =>
        [new ProcessActivity(kind, values.ToDictionary(v => v.Name, v => (string?)v.Value))];

    private static ProcessDefinition Definition(
        CrmEntityType type, ProcessActivity[] activities, bool manually = false, bool onCreate = false, int? onStage = -1, ProcessParameter[]? parameters = null) =>
        new($"Process {Guid.NewGuid():N}", null, type, true, manually, onCreate, onStage != -1, onStage == -1 ? null : onStage, parameters ?? [], activities);

    /// <summary>A template saved as an administrator would; <paramref name="onStage"/>: -1 no stage start, null any stage, else that stage.</summary>
    private async Task<long> TemplateAsync(
        CrmEntityType type, ProcessActivity[] activities, bool manually = false, bool onCreate = false, int? onStage = -1, ProcessParameter[]? parameters = null)
    {
        var admin = await _kit.Data.UserAsync("Process Admin", null, PortalRoles.Administrator);
        var result = await app.Services.GetRequiredService<ProcessAdmin>().SaveAsync(admin.Id, null, 0, Definition(type, activities, manually, onCreate, onStage, parameters));
        Assert.Equal(CommandStatus.Ok, result.Status);
        return result.Id!.Value;
    }

    private async Task<Deal> DealWithPhoneAsync(string title, PortalUser manager) =>
        await _kit.Data.DealAsync(title, manager, contact: await _kit.Data.ContactAsync("Process", "Customer", manager, new PhoneNumber("+49 30 1234567", PhoneType.Mobile)));

    private Task MoveAsync(Deal deal, int stageId, PortalUser by) => _kit.WithDbAsync(async db =>
    {
        var tracked = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        var stages = await db.Stages.ToDictionaryAsync(s => s.Id);
        tracked.MoveTo(stages[stageId], stages[tracked.StageId], by.Id, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    });

    private Task<List<ProcessInstance>> InstancesAsync(long templateId, long dealId) =>
        _kit.WithDbAsync(db => db.ProcessInstances.AsNoTracking().Where(i => i.TemplateId == templateId && i.EntityId == dealId).OrderBy(i => i.Id).ToListAsync());

    private Task<ProcessInstance> FinishedAsync(long templateId, long dealId) =>
        Eventually.GetAsync(async () => (await InstancesAsync(templateId, dealId)).FirstOrDefault(i => i.IsOver), what: $"the process on deal {dealId} to end");

    private Task<List<ProcessLogEntry>> LogAsync(long instanceId) =>
        _kit.WithDbAsync(db => db.ProcessLog.AsNoTracking().Where(e => e.InstanceId == instanceId).OrderBy(e => e.Id).ToListAsync());

    private Task<bool> CommentedAsync(long dealId, string text) =>
        _kit.WithDbAsync(db => db.TimelineEntries.AnyAsync(e => e.EntityType == CrmEntityType.Deal && e.EntityId == dealId && e.Text == text));
}
