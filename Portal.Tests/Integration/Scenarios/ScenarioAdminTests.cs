using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Scenarios;
using Portal.Domain.Scenarios.Templates;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Scenarios;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Scenarios;

public class ScenarioAdminTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly CrmTestData _data = new(app.Services);

    private ScenarioAdmin Admin => app.Services.GetRequiredService<ScenarioAdmin>();

    private ScenarioPreview Preview => app.Services.GetRequiredService<ScenarioPreview>();

    /// <summary>The seed's example: line set by the admin before launch, message asked at launch.</summary>
    private static ScenarioStep SendMessage(string? line = null, string? message = null) => new("olchat.send_message",
    [
        new("Line", ValueSource.AdminSetting, line),
        new("Phone", ValueSource.Fixed, "{{Contact.Phone}}"),
        new("WhichNumbers", ValueSource.Fixed, "first_mobile"),
        new("Message", ValueSource.LaunchParameter, message, "Message to send"),
    ]);

    private static ScenarioStep Comment(string? text, ValueSource source = ValueSource.Fixed) =>
        new("crm.add_comment", [new("Text", source, text)]);

    private static ScenarioDefinition Deal(string name, params ScenarioStep[] steps) => new(name, "made by a test", CrmEntityType.Deal, steps);

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}";

    private async Task<string> AdministratorAsync() => (await _data.UserAsync("Scenario Admin", null, PortalRoles.Administrator)).Id;

    private async Task<string> ManagerAsync(params string[] crmRoles) => (await _data.UserAsync("Scenario Manager", null, crmRoles: crmRoles)).Id;

    private async Task<string> ScenarioRoleAsync(bool managesScenarios)
    {
        var role = new CrmRole($"scenarios-{managesScenarios}-{Guid.NewGuid():N}");
        role.AllowScenarioManagement(managesScenarios);
        await WithDbAsync(async db =>
        {
            db.CrmRoles.Add(role);
            await db.SaveChangesAsync();
        });
        return role.Name;
    }

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private async Task WithDbAsync(Func<PortalDbContext, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private Task<int> ChangeRowsAsync(long id) => WithDbAsync(db => db.ScenarioChanges.CountAsync(c => c.ScenarioId == id));

    private Task<int> ScenarioRowsAsync() => WithDbAsync(db => db.Scenarios.CountAsync());

    private async Task<ScenarioResult> CreatedAsync(string userId, ScenarioDefinition definition, bool active = false)
    {
        var result = await Admin.CreateAsync(userId, definition, active);
        Assert.Equal(CommandStatus.Ok, result.Status);
        return result;
    }

    [Fact]
    public async Task Create_ByAnAdministrator_IsListedUnderItsEntityType_WithItsCounts()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Listed");

        var result = await CreatedAsync(admin, Deal(name, SendMessage(), Comment(null, ValueSource.LaunchParameter), Comment("fixed")));

        var row = Assert.Single(await Admin.ListAsync(name));
        Assert.Equal((result.Id, name, "made by a test", CrmEntityType.Deal), (row.Id, row.Name, row.Description, row.EntityType));
        Assert.Equal((3, 2, 1), (row.Steps, row.LaunchParameters, row.MissingSettings));
        Assert.Equal((false, 1, "Scenario Admin"), (row.IsActive, row.Version, row.ModifiedBy));
        Assert.Equal(1, result.Version);
        var edit = await Admin.GetAsync(result.Id);
        Assert.Equal(ScenarioRules.Normalise(Deal(name, SendMessage(), Comment(null, ValueSource.LaunchParameter), Comment("fixed"))), edit!.Definition);
        Assert.Equal([1, 2, 3], edit.Definition.Steps.Select(s => s.Id));
    }

    [Fact]
    public async Task List_OrdersByEntityTypeThenPosition_AndSearchesNameAndDescription()
    {
        var admin = await AdministratorAsync();
        var tag = Guid.NewGuid().ToString("N");
        var first = await CreatedAsync(admin, Deal($"First {tag}", Comment("x")));
        var second = await CreatedAsync(admin, Deal($"Second {tag}", Comment("x")));
        var contact = await CreatedAsync(admin, new ScenarioDefinition($"Contact {tag}", null, CrmEntityType.Contact, [Comment("x")]));
        var described = await CreatedAsync(admin, Deal("Plain name", Comment("x")) with { Description = $"about {tag}" });

        var rows = await Admin.ListAsync(tag);

        Assert.Equal(4, rows.Count);
        Assert.Equal([first.Id, second.Id, described.Id], rows.Where(r => r.EntityType == CrmEntityType.Deal).Select(r => r.Id));
        Assert.Equal(contact.Id, rows.Single(r => r.EntityType == CrmEntityType.Contact).Id);
        Assert.True(rows.Single(r => r.Id == first.Id).SortOrder < rows.Single(r => r.Id == second.Id).SortOrder);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ManagerWithoutTheRight_OrSupportEvenWithIt_IsRefusedEveryChange_AndNothingIsWritten(bool support)
    {
        var admin = await AdministratorAsync();

        // Support staff read the run log and change nothing, whatever CRM role they were given.
        var manager = support
            ? (await _data.UserAsync("Scenario Support", null, PortalRoles.Support, await ScenarioRoleAsync(managesScenarios: true))).Id
            : await ManagerAsync(ReferenceDataSeeder.OwnRecordsRole);
        var name = Unique("Protected");
        var existing = await CreatedAsync(admin, Deal(name, SendMessage(line: "1")));
        var json = (await Admin.ExportAsync(existing.Id))!.Value.Json;
        var rows = await ScenarioRowsAsync();
        var changes = await ChangeRowsAsync(existing.Id);

        Assert.False(await Admin.MayManageAsync(manager));
        Assert.Equal(CommandStatus.NoAccess, (await Admin.CreateAsync(manager, Deal(Unique("Sneaky"), Comment("x")))).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.SaveAsync(manager, existing.Id, existing.Version, Deal("Hijacked", Comment("x")), false)).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.SetActiveAsync(manager, existing.Id, true)).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.DuplicateAsync(manager, existing.Id, "Copy")).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.ImportAsync(manager, json)).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.DeleteAsync(manager, existing.Id)).Status);

        Assert.Equal(rows, await ScenarioRowsAsync());
        Assert.Equal(changes, await ChangeRowsAsync(existing.Id));
        var unchanged = await Admin.GetAsync(existing.Id);
        Assert.Equal((name, existing.Version, false), (unchanged!.Definition.Name, unchanged.Version, unchanged.IsActive));
    }

    [Fact]
    public async Task ManagerWithoutTheRight_ImportingABrokenFile_IsRefusedBeforeTheFileIsRead()
    {
        var manager = await ManagerAsync();

        Assert.Equal(CommandStatus.NoAccess, (await Admin.ImportAsync(manager, "not json")).Status);
    }

    [Fact]
    public async Task CrmRoleThatManagesScenarios_LetsAManagerCreateAndSave_ButARoleWithoutItDoesNot()
    {
        var allowed = await ManagerAsync(await ScenarioRoleAsync(managesScenarios: true));
        var notAllowed = await ManagerAsync(await ScenarioRoleAsync(managesScenarios: false));
        var name = Unique("By a manager");

        var created = await Admin.CreateAsync(allowed, Deal(name, Comment("x")));
        var saved = await Admin.SaveAsync(allowed, created.Id, created.Version, Deal(name, Comment("y")), false);

        Assert.True(await Admin.MayManageAsync(allowed));
        Assert.False(await Admin.MayManageAsync(notAllowed));
        Assert.Equal((CommandStatus.Ok, CommandStatus.Ok), (created.Status, saved.Status));
        Assert.Equal(CommandStatus.NoAccess, (await Admin.CreateAsync(notAllowed, Deal(Unique("Refused"), Comment("x")))).Status);
        Assert.Equal("Scenario Manager", Assert.Single(await Admin.ListAsync(name)).ModifiedBy);
    }

    [Fact]
    public async Task Save_WithAnOutdatedVersion_IsAConflict_AndTheStoredScenarioIsUnchanged()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Contested");
        var created = await CreatedAsync(admin, Deal(name, Comment("original")));
        var first = await Admin.SaveAsync(admin, created.Id, created.Version, Deal(name, Comment("first editor")), false);
        Assert.Equal((CommandStatus.Ok, 2), (first.Status, first.Version));
        var changes = await ChangeRowsAsync(created.Id);

        var second = await Admin.SaveAsync(admin, created.Id, created.Version, Deal(name, Comment("second editor")), false);

        Assert.Equal(CommandStatus.Conflict, second.Status);
        var stored = await Admin.GetAsync(created.Id);
        Assert.Equal(("first editor", 2), (stored!.Definition.Steps[0].Input("Text")!.Value, stored.Version));
        Assert.Equal(changes, await ChangeRowsAsync(created.Id));
    }

    [Fact]
    public async Task TwoConcurrentSaves_FromTheSameVersion_ExactlyOneWins()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Raced");
        var created = await CreatedAsync(admin, Deal(name, Comment("start")));
        var version = created.Version;

        for (var round = 0; round < 5; round++)
        {
            var texts = new[] { $"A{round}", $"B{round}" };
            var results = await Task.WhenAll(texts.Select(text => Task.Run(() => Admin.SaveAsync(admin, created.Id, version, Deal(name, Comment(text)), false))));

            var winner = Assert.Single(results, r => r.Status == CommandStatus.Ok);
            Assert.Single(results, r => r.Status == CommandStatus.Conflict);
            var stored = await Admin.GetAsync(created.Id);
            Assert.Equal(version + 1, stored!.Version);
            Assert.Equal(winner.Version, stored.Version);
            Assert.Contains(texts, text => text == stored.Definition.Steps[0].Input("Text")!.Value);
            version = stored.Version;
        }

        Assert.Equal(6, await ChangeRowsAsync(created.Id));
    }

    public static TheoryData<string, string> InvalidEdits => new()
    {
        { "unknown placeholder", TemplateError.Unknown },
        { "missing value", ErrorCodes.ParameterMissing },
        { "long name", ScenarioException.NameTooLong },
    };

    [Theory]
    [MemberData(nameof(InvalidEdits))]
    public async Task InvalidDefinition_IsRefusedWithItsProblems_AndNothingIsWritten(string edit, string code)
    {
        var admin = await AdministratorAsync();
        var name = Unique("Valid so far");
        var created = await CreatedAsync(admin, Deal(name, Comment("fine")));
        var invalid = edit switch
        {
            "unknown placeholder" => Deal(name, Comment("Dear {{Contact.Nmae}}")),
            "missing value" => Deal(name, Comment(" ")),
            _ => Deal(new string('n', 300), Comment("fine")),
        };
        var rows = await ScenarioRowsAsync();

        var saved = await Admin.SaveAsync(admin, created.Id, created.Version, invalid, false);
        var new1 = await Admin.CreateAsync(admin, invalid);

        Assert.Equal((CommandStatus.Invalid, CommandStatus.Invalid), (saved.Status, new1.Status));
        Assert.Equal(code, Assert.Single(saved.AllProblems).Code);
        Assert.Equal(code, Assert.Single(new1.AllProblems).Code);
        var stored = await Admin.GetAsync(created.Id);
        Assert.Equal((1, name, "fine"), (stored!.Version, stored.Definition.Name, stored.Definition.Steps[0].Input("Text")!.Value));
        Assert.Equal(1, await ChangeRowsAsync(created.Id));
        Assert.Equal(rows, await ScenarioRowsAsync());
    }

    [Fact]
    public async Task InvalidPlaceholder_IsReportedWithItsLineAndColumn()
    {
        var admin = await AdministratorAsync();

        var result = await Admin.CreateAsync(admin, Deal(Unique("Typo"), SendMessage("1", "Hello\n  {{Deal.Titel}}")));

        var problem = Assert.Single(result.AllProblems);
        Assert.Equal((TemplateError.Unknown, "1.Message", 2, 3, "Deal.Titel"), (problem.Code, problem.Where, problem.Line, problem.Column, problem.Detail));
    }

    [Fact]
    public async Task UnknownLineStageOrUser_IsRefusedNamingEachInput_AndNothingIsWritten()
    {
        var admin = await AdministratorAsync();
        var before = await ScenarioRowsAsync();
        var stage = new ScenarioStep("crm.change_stage", [new StepInput("Stage", ValueSource.Fixed, "999")]);
        var responsible = new ScenarioStep("crm.change_responsible", [new StepInput("User", ValueSource.Fixed, "no-such-user")]);

        var result = await Admin.CreateAsync(admin, Deal(Unique("Dangling"), SendMessage("99", "Hi"), stage, responsible));

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal(
            [(ScenarioException.ValueInvalid, "1.Line"), (ScenarioException.ValueInvalid, "2.Stage"), (ScenarioException.ValueInvalid, "3.User")],
            result.AllProblems.Select(p => (p.Code, p.Where)));
        Assert.Equal(before, await ScenarioRowsAsync());
    }

    [Fact]
    public async Task AWebhookToAHostNotOnTheList_IsRefusedAtSave_AndTakenOnceTheHostIsListed()
    {
        var admin = await AdministratorAsync();
        var host = $"{Guid.NewGuid():N}.hooks.example";
        var webhook = new ScenarioStep("http.webhook",
        [
            new StepInput("Url", ValueSource.Fixed, $"https://{host}/in"),
            new StepInput("Body", ValueSource.Fixed, "{\"id\": {{Deal.Id}}}"),
        ]);

        var refused = await Admin.CreateAsync(admin, Deal(Unique("Webhook"), webhook));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(CommandStatus.Ok, (await scope.ServiceProvider.GetRequiredService<Portal.Features.Webhooks.WebhookHosts>().AllowAsync(admin, host.ToUpperInvariant(), false)).Status);
        }

        var taken = await Admin.CreateAsync(admin, Deal(Unique("Webhook"), webhook));

        var problem = Assert.Single(refused.AllProblems);
        Assert.Equal((ErrorCodes.WebhookHostNotAllowed, "1.Url"), (problem.Code, problem.Where));
        Assert.Equal(CommandStatus.Ok, taken.Status);
    }

    [Fact]
    public async Task Move_ReordersWithinTheEntityType_WithoutBumpingVersions_AndOnlyForThoseWithTheRight()
    {
        var admin = await AdministratorAsync();
        var manager = (await _data.UserAsync("Scenario Reader", null)).Id;
        var prefix = Unique("Order");
        var first = await CreatedAsync(admin, Deal($"{prefix} A", Comment("a")));
        await CreatedAsync(admin, Deal($"{prefix} B", Comment("b")));
        var third = await CreatedAsync(admin, Deal($"{prefix} C", Comment("c")));

        Assert.Equal(CommandStatus.Ok, (await Admin.MoveAsync(admin, third.Id, -1)).Status);
        Assert.Equal(CommandStatus.NoAccess, (await Admin.MoveAsync(manager, first.Id, 1)).Status);

        var names = (await Admin.ListAsync(prefix)).Select(r => r.Name);
        Assert.Equal([$"{prefix} A", $"{prefix} C", $"{prefix} B"], names);
        Assert.Equal(third.Version, (await Admin.GetAsync(third.Id))!.Version);
    }

    [Fact]
    public async Task SetActive_IsRefusedWhileSettingsAreMissing_AndAllowedOnceTheyAreSaved()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Needs a line");
        var created = await CreatedAsync(admin, Deal(name, SendMessage()));

        var refused = await Admin.SetActiveAsync(admin, created.Id, true);
        var savedActive = await Admin.SaveAsync(admin, created.Id, created.Version, Deal(name, SendMessage()), true);

        Assert.Equal(CommandStatus.Invalid, refused.Status);
        var problem = Assert.Single(refused.AllProblems);
        Assert.Equal((ScenarioException.SettingsMissing, "1.Line"), (problem.Code, problem.Where));
        Assert.Equal(ScenarioException.SettingsMissing, Assert.Single(savedActive.AllProblems).Code);
        Assert.False((await Admin.GetAsync(created.Id))!.IsActive);
        Assert.Equal(1, await ChangeRowsAsync(created.Id));

        var saved = await Admin.SaveAsync(admin, created.Id, created.Version, Deal(name, SendMessage(line: "1")), false);
        var activated = await Admin.SetActiveAsync(admin, created.Id, true);

        Assert.Equal((CommandStatus.Ok, CommandStatus.Ok), (saved.Status, activated.Status));
        var stored = await Admin.GetAsync(created.Id);
        Assert.True(stored!.IsActive);
        Assert.Equal(3, stored.Version);
        Assert.Equal(0, Assert.Single(await Admin.ListAsync(name)).MissingSettings);

        var losing = await Admin.SaveAsync(admin, created.Id, stored.Version, Deal(name, SendMessage()), true);
        Assert.Equal(ScenarioException.SettingsMissing, Assert.Single(losing.AllProblems).Code);
        Assert.Equal("1", (await Admin.GetAsync(created.Id))!.Definition.Steps[0].Input("Line")!.Value);
    }

    [Fact]
    public async Task Create_Active_IsRefusedWithoutSettings_AndActiveWithThem()
    {
        var admin = await AdministratorAsync();

        var refused = await Admin.CreateAsync(admin, Deal(Unique("Active without line"), SendMessage()), active: true);
        var created = await Admin.CreateAsync(admin, Deal(Unique("Active with line"), SendMessage(line: "1")), active: true);

        Assert.Equal(ScenarioException.SettingsMissing, Assert.Single(refused.AllProblems).Code);
        Assert.Equal((CommandStatus.Ok, 2), (created.Status, created.Version));
        Assert.True((await Admin.GetAsync(created.Id))!.IsActive);
        Assert.Equal([ChangeKind.Created, ChangeKind.Activated], Assert.Single(await Admin.HistoryAsync(created.Id)).Items.Select(i => i.Kind));
    }

    [Fact]
    public async Task Delete_RemovesTheScenarioFromTheProduct_ButKeepsTheRow()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Doomed");
        var created = await CreatedAsync(admin, Deal(name, SendMessage(line: "1")), active: true);

        var deleted = await Admin.DeleteAsync(admin, created.Id);

        Assert.Equal(CommandStatus.Ok, deleted.Status);
        Assert.Empty(await Admin.ListAsync(name));
        Assert.Null(await Admin.GetAsync(created.Id));
        Assert.Null(await Admin.ExportAsync(created.Id));
        var row = await WithDbAsync(db => db.Scenarios.AsNoTracking().SingleAsync(s => s.Id == created.Id));
        Assert.NotNull(row.DeletedAt);
        Assert.False(row.IsActive);
        Assert.False(row.CanRun);
        Assert.Equal(name, row.Name);
        Assert.Equal(CommandStatus.NotFound, (await Admin.DeleteAsync(admin, created.Id)).Status);
        Assert.Equal(CommandStatus.NotFound, (await Admin.SaveAsync(admin, created.Id, deleted.Version, Deal(name, Comment("x")), false)).Status);
        Assert.Equal(CommandStatus.NotFound, (await Admin.SetActiveAsync(admin, created.Id, true)).Status);
        Assert.Equal(CommandStatus.NotFound, (await Admin.DuplicateAsync(admin, created.Id, "copy")).Status);
        Assert.Equal(ChangeKind.Deleted, Assert.Single((await Admin.HistoryAsync(created.Id))[0].Items).Kind);
    }

    [Fact]
    public async Task Duplicate_IsANewInactiveScenario_WithTheSameSteps()
    {
        var admin = await AdministratorAsync();
        var original = await CreatedAsync(admin, Deal(Unique("Original"), SendMessage(line: "1", message: "Hi"), Comment("{{Launch.step1.Message}}")), active: true);
        var copyName = Unique("Copy");

        var copy = await Admin.DuplicateAsync(admin, original.Id, copyName);

        Assert.Equal(CommandStatus.Ok, copy.Status);
        Assert.NotEqual(original.Id, copy.Id);
        var source = await Admin.GetAsync(original.Id);
        var duplicate = await Admin.GetAsync(copy.Id);
        Assert.False(duplicate!.IsActive);
        Assert.True(source!.IsActive);
        Assert.Equal(source.Definition with { Name = copyName }, duplicate.Definition);
        Assert.True(duplicate.SortOrder > source.SortOrder);
        Assert.Equal([ChangeKind.Duplicated], Assert.Single(await Admin.HistoryAsync(copy.Id)).Items.Select(i => i.Kind));
    }

    [Fact]
    public async Task Duplicate_WithAnOverlongName_IsCutToTheLimit()
    {
        var admin = await AdministratorAsync();
        var original = await CreatedAsync(admin, Deal(Unique("Long copy"), Comment("x")));

        var copy = await Admin.DuplicateAsync(admin, original.Id, new string('c', 300));

        Assert.Equal(CommandStatus.Ok, copy.Status);
        Assert.Equal(Scenario.NameMaxLength, (await Admin.GetAsync(copy.Id))!.Definition.Name.Length);
    }

    [Fact]
    public async Task ExportThenImport_GivesAnEqualInactiveScenario()
    {
        var admin = await AdministratorAsync();
        var definition = new ScenarioDefinition(
            Unique("Exported «quoted» / slashed"),
            "two\nlines",
            CrmEntityType.Deal,
            [
                SendMessage(line: "1", message: "Hello {{Contact.Name}}") with { Id = 4 },
                new("flow.wait", [new("Delay", ValueSource.Fixed, "1.00:00:00")]) { Id = 2 },
                Comment("Sent {{Launch.step4.Message}}") with { Id = 7 },
            ]);
        var original = await CreatedAsync(admin, definition, active: true);

        var (fileName, json) = (await Admin.ExportAsync(original.Id))!.Value;
        var imported = await Admin.ImportAsync(admin, json);

        Assert.StartsWith($"scenario-{original.Id}-Exported-", fileName, StringComparison.Ordinal);
        Assert.EndsWith(".json", fileName, StringComparison.Ordinal);
        Assert.DoesNotContain('/', fileName);
        Assert.Equal(CommandStatus.Ok, imported.Status);
        var copy = await Admin.GetAsync(imported.Id);
        Assert.Equal((await Admin.GetAsync(original.Id))!.Definition, copy!.Definition);
        Assert.False(copy.IsActive);
        Assert.Equal([ChangeKind.Imported], Assert.Single(await Admin.HistoryAsync(imported.Id)).Items.Select(i => i.Kind));
    }

    [Theory]
    [InlineData("{ \"format\": \"portal.scenario\",\n  oops }", "import.not_json")]
    [InlineData("{\"format\": \"something.else\", \"formatVersion\": 1, \"entityType\": \"Deal\"}", "import.not_a_scenario")]
    [InlineData("{\"name\": \"A settings file\", \"theme\": \"dark\"}", "import.not_a_scenario")]
    [InlineData("[1, 2, 3]", "import.not_a_scenario")]
    [InlineData("{\"format\": \"portal.scenario\", \"formatVersion\": 1, \"entityType\": \"Deal\", \"runAs\": \"root\"}", "import.unexpected_value")]
    [InlineData("{\"format\": \"portal.scenario\", \"formatVersion\": 9, \"entityType\": \"Deal\"}", "import.unsupported_version")]
    [InlineData("{\"format\": \"portal.scenario\", \"formatVersion\": 1, \"name\": \"x\"}", "import.entity_type_missing")]
    public async Task Import_OfAMalformedFile_IsInvalid_WithTheImportProblem_AndNothingIsWritten(string json, string code)
    {
        var admin = await AdministratorAsync();
        var rows = await ScenarioRowsAsync();

        var result = await Admin.ImportAsync(admin, json);

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal(code, Assert.Single(result.AllProblems).Code);
        Assert.Equal(rows, await ScenarioRowsAsync());
    }

    [Fact]
    public async Task Import_OfAFileBreakingTheRules_IsInvalid_WithTheRuleProblems()
    {
        var admin = await AdministratorAsync();
        const string json = """{"format":"portal.scenario","formatVersion":1,"name":"Imported","entityType":"Contact","steps":[{"robot":"crm.add_comment","inputs":[{"name":"Text","value":"{{Deal.Title}}"}]}]}""";

        var result = await Admin.ImportAsync(admin, json);

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Equal((TemplateError.Unknown, "Deal.Title"), (Assert.Single(result.AllProblems).Code, result.AllProblems[0].Detail));
    }

    [Fact]
    public async Task History_ListsEverySaveNewestFirst_WithWhatChanged()
    {
        var admin = await AdministratorAsync();
        var name = Unique("Audited");
        var created = await CreatedAsync(admin, Deal(name, SendMessage(line: "1", message: "Hi")));
        var opened = (await Admin.GetAsync(created.Id))!.Definition;
        var edited = opened with { Steps = [opened.Steps[0] with { Inputs = [.. opened.Steps[0].Inputs.Select(i => i.Name == "Message" ? i with { Value = "Hello" } : i)] }] };
        var saved = await Admin.SaveAsync(admin, created.Id, created.Version, edited, false);
        await Admin.SetActiveAsync(admin, created.Id, true);
        await Admin.SetActiveAsync(admin, created.Id, true);
        await Admin.SetActiveAsync(admin, created.Id, false);

        var history = await Admin.HistoryAsync(created.Id);

        Assert.Equal([4, 3, 2, 1], history.Select(h => h.Version));
        Assert.Equal(
            [[ChangeKind.Deactivated], [ChangeKind.Activated], [ChangeKind.ValueChanged], [ChangeKind.Created]],
            history.Select(h => h.Items.Select(i => i.Kind).ToArray()));
        Assert.Equal(new ChangeItem(ChangeKind.ValueChanged, 1, "olchat.send_message", "Message", "Hi", "Hello"), history[2].Items[0]);
        Assert.All(history, h => Assert.Equal("Scenario Admin", h.By));
        Assert.Equal(2, saved.Version);
    }

    [Fact]
    public async Task Preview_RendersTheStepsForARealDeal()
    {
        var admin = await _data.UserAsync("Preview Admin", null, PortalRoles.Administrator);
        var contact = await _data.ContactAsync("Ivan", "Petrov", admin, new PhoneNumber("+79001234567", PhoneType.Mobile));
        var deal = await _data.DealAsync("Preview deal", admin, 1234.5m, contact: contact);
        var definition = Deal("Preview", Comment("Hello {{Contact.Name}}, {{Deal.Amount}}"), SendMessage());

        var preview = await Preview.RenderAsync(admin.Id, definition, deal.Id, CultureInfo.GetCultureInfo("en-US"));

        Assert.Equal(CommandStatus.Ok, preview.Status);
        var text = preview.Lines.Single(l => l.Step == 1).Value;
        Assert.Equal("Hello Ivan Petrov, 1,234.50 RUB", text);
        var message = preview.Lines.Single(l => l.Step == 2 && l.Input.Name == "Message");
        Assert.Equal(ValueSource.LaunchParameter, message.Source);
        Assert.Null(message.Value);
        Assert.Equal("+79001234567", preview.Lines.Single(l => l.Step == 2 && l.Input.Name == "Phone").Value);
        Assert.Null(preview.Lines.Single(l => l.Step == 2 && l.Input.Name == "Line").Value);
    }

    [Fact]
    public async Task Preview_OfADealTheUserMayNotRead_IsNoAccess_AndOfAnUnknownOneNotFound()
    {
        var department = await _data.DepartmentAsync("Preview rights");
        var me = await _data.UserAsync("Preview Me", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var colleague = await _data.UserAsync("Preview Colleague", department, crmRoles: ReferenceDataSeeder.OwnRecordsRole);
        var theirs = await _data.DealAsync("Not mine to preview", colleague);
        var definition = Deal("Preview", Comment("{{Deal.Title}}"));

        var forbidden = await Preview.RenderAsync(me.Id, definition, theirs.Id, CultureInfo.InvariantCulture);
        var unknown = await Preview.RenderAsync(me.Id, definition, long.MaxValue, CultureInfo.InvariantCulture);

        Assert.Equal(CommandStatus.NoAccess, forbidden.Status);
        Assert.Empty(forbidden.Lines);
        Assert.Equal(CommandStatus.NotFound, unknown.Status);
        Assert.Equal(CommandStatus.Ok, (await Preview.RenderAsync(colleague.Id, definition, theirs.Id, CultureInfo.InvariantCulture)).Status);
    }
}
