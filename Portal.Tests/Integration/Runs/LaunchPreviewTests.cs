using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;
using Portal.Domain.Scenarios;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Crm.Deals;
using Portal.Features.Launch;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>What the launch dialog shows before a launch: scenarios, the form, the preview and the phone pre-check.</summary>
public class LaunchPreviewTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private readonly RunTestKit _kit = new(app.Services);

    private LaunchPreview Preview => app.Services.GetRequiredService<LaunchPreview>();

    private static Dictionary<string, string?> Message(string? text) => new() { ["step1.Message"] = text };

    [Fact]
    public async Task Scenarios_AreTheActiveOnesOfTheType_OnlyForUsersWithTheAutomationRight()
    {
        var manager = await _kit.ManagerAsync();
        var reader = await _kit.Data.UserAsync("Reader", null, PortalRoles.Manager, await _kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read));
        var support = await _kit.Data.UserAsync("Support", null, PortalRoles.Support, await _kit.Data.DealRoleAsync(RightScope.All));
        var active = await _kit.ScenarioAsync(RunTestKit.Comment("x"));

        var forManager = await Preview.ScenariosAsync(manager.Id, CrmEntityType.Deal);

        Assert.Contains(forManager, s => s.Id == active.Id && s.Name == active.Name);
        Assert.Empty(await Preview.ScenariosAsync(manager.Id, CrmEntityType.Lead));
        Assert.Empty(await Preview.ScenariosAsync(reader.Id, CrmEntityType.Deal));
        Assert.Empty(await Preview.ScenariosAsync(support.Id, CrmEntityType.Deal));
        Assert.Null(await Preview.FormAsync(reader.Id, active.Id));
    }

    [Fact]
    public async Task Form_AsksTheLaunchParameters_WithTheirRobotInput()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));

        var form = await Preview.FormAsync(manager.Id, scenario.Id);

        Assert.NotNull(form);
        var field = Assert.Single(form.Fields);
        Assert.Equal("step1.Message", field.Parameter.Key);
        Assert.Equal(1, field.StepNumber);
        Assert.Equal("olchat.send_message", field.Robot.Key);
        Assert.Equal(Portal.Domain.Robots.InputType.MultiLine, field.Declared.Type);
        Assert.True(field.Parameter.Required);
    }

    [Fact]
    public async Task Check_RendersTheFirstThree_AndCountsUsablePhones_NamingTheOnesThatWillFail()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(
            RunTestKit.SendMessage(await _kit.SandboxLineAsync()),
            RunTestKit.Comment("Sent to {{Contact.Name}}: {{Launch.step1.Message}}"));
        var deals = new List<Deal>();
        for (var i = 1; i <= 3; i++)
        {
            var contact = await _kit.Data.ContactAsync("Client", $"P{i}", manager, new PhoneNumber($"+7 999 444-00-0{i}", PhoneType.Mobile));
            deals.Add(await _kit.Data.DealAsync($"Preview deal {i}", manager, contact: contact));
        }

        var noPhone = await _kit.Data.DealAsync("No phone", manager, contact: await _kit.Data.ContactAsync("Silent", "Client", manager));
        var noContact = await _kit.Data.DealAsync("No contact", manager);
        var ids = deals.Select(d => d.Id).Append(noPhone.Id).Append(noContact.Id).ToList();

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, ids, Message("Hello!"), English);

        Assert.Empty(check.Problems);
        Assert.Equal(deals.Select(d => d.Id), check.Previews.Select(p => p.EntityId));
        var first = check.Previews[0];
        Assert.Equal("Preview deal 1", first.Title);
        Assert.Equal("Hello!", first.Values.Single(v => v.StepNumber == 1 && v.Input.Name == "Message").Value);
        Assert.Equal("+7 999 444-00-01", first.Values.Single(v => v.StepNumber == 1 && v.Input.Name == "Phone").Value);
        Assert.Equal("first", first.Values.Single(v => v.Input.Name == "WhichNumbers").Value);
        Assert.Equal("Sent to Client P1: Hello!", first.Values.Single(v => v.StepNumber == 2).Value);

        var records = Assert.IsType<RecordCheck>(check.Records);
        Assert.Equal(5, records.Checked);
        Assert.Equal(3, records.Ready);
        Assert.Equal(2, records.Failing);
        Assert.Equal(0, records.NotChecked);
        Assert.Equal([(noPhone.Id, ErrorCodes.PhoneMissing), (noContact.Id, ErrorCodes.PhoneMissing)], records.Problems.Select(p => (p.EntityId, p.ErrorCode)).ToList());
        Assert.Equal("No phone", records.Problems[0].Title);
    }

    [Fact]
    public async Task Check_TypedPlaceholders_AreRenderedPerRecord_AndAnUnknownOneIsRefusedOnTheField()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(
            RunTestKit.SendMessage(await _kit.SandboxLineAsync()),
            RunTestKit.Comment("Sent: {{Launch.step1.Message}}"));
        var oleg = await _kit.Data.DealAsync("Oleg's deal", manager, contact: await _kit.Data.ContactAsync("Oleg", "Ivanov", manager, new PhoneNumber("+7 999 555-00-01", PhoneType.Mobile)));
        var anna = await _kit.Data.DealAsync("Anna's deal", manager, contact: await _kit.Data.ContactAsync("Anna", "Petrova", manager, new PhoneNumber("+7 999 555-00-02", PhoneType.Mobile)));

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, [oleg.Id, anna.Id], Message("Hello, {{Contact.Name}}! About {{Deal.Title}}"), English);
        var unknown = await Preview.CheckAsync(manager.Id, scenario.Id, [oleg.Id], Message("Hello, {{Contact.Nmae}}!"), English);

        Assert.Empty(check.Problems);
        string Sent(long id, int step, string input) => check.Previews.Single(p => p.EntityId == id).Values.Single(v => v.StepNumber == step && v.Input.Name == input).Value!;
        Assert.Equal("Hello, Oleg Ivanov! About Oleg's deal", Sent(oleg.Id, 1, "Message"));
        Assert.Equal("Hello, Anna Petrova! About Anna's deal", Sent(anna.Id, 1, "Message"));
        Assert.Equal("Sent: Hello, Anna Petrova! About Anna's deal", Sent(anna.Id, 2, "Text"));
        var problem = Assert.Single(unknown.Problems);
        Assert.Equal(("step1.Message", "template.unknown_placeholder", "Contact.Nmae"), (problem.Key, problem.Code, problem.Detail));
    }

    [Fact]
    public async Task Check_CountsTheRecordsWhoseMessageRendersTooLong_NamingThem()
    {
        var manager = await _kit.ManagerAsync();
        var send = RunTestKit.SendMessage(await _kit.SandboxLineAsync());
        var text = new string('a', 4080) + " {{Deal.Title}}";
        var scenario = await _kit.ScenarioAsync(send with
        {
            Inputs = send.Inputs.Select(i => i.Name == "Message" ? new StepInput("Message", ValueSource.Fixed, text) : i).ToList(),
        });
        var phone = new PhoneNumber("+7 999 666-00-01", PhoneType.Mobile);
        var fits = await _kit.Data.DealAsync("Short", manager, contact: await _kit.Data.ContactAsync("Short", "Title", manager, phone));
        var longTitle = "A deal whose title is long enough to push it over";
        var over = await _kit.Data.DealAsync(longTitle, manager, contact: await _kit.Data.ContactAsync("Long", "Title", manager, phone));

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, [fits.Id, over.Id], new Dictionary<string, string?>(), English);

        Assert.Empty(check.Problems);
        var records = check.Records!;
        Assert.Equal((2, 1, 1), (records.Checked, records.Ready, records.Failing));
        var problem = Assert.Single(records.Problems);
        Assert.Equal(
            (over.Id, longTitle, ErrorCodes.ParameterTooLong, 1, "Robots.olchat.send_message.Message", 4081 + longTitle.Length, 4096),
            (problem.EntityId, problem.Title, problem.ErrorCode, problem.Step!.Value, problem.LabelKey, problem.Length!.Value, problem.Limit!.Value));
    }

    [Fact]
    public async Task Check_FirstMobile_UsesTheRecordsPhoneTypes_AsTheEngineDoes()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync(), WhichNumbers.FirstMobile));
        var mobile = await _kit.Data.DealAsync("Has a mobile", manager, contact: await _kit.Data.ContactAsync(
            "Work", "Then Mobile", manager, new PhoneNumber("8 (495) 222-00-01", PhoneType.Work), new PhoneNumber("8 999 222 00 02", PhoneType.Mobile)));
        var workOnly = await _kit.Data.DealAsync("Office only", manager, contact: await _kit.Data.ContactAsync(
            "Work", "Only", manager, new PhoneNumber("8 (495) 222-00-03", PhoneType.Work)));

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, [mobile.Id, workOnly.Id], Message("Hi"), English);

        var records = Assert.IsType<RecordCheck>(check.Records);
        Assert.Equal((2, 1, 1), (records.Checked, records.Ready, records.Failing));
        var problem = Assert.Single(records.Problems);
        Assert.Equal((workOnly.Id, ErrorCodes.PhoneNoMobile, "Work: 8 (495) 222-00-03"), (problem.EntityId, problem.ErrorCode, problem.Detail));
    }

    [Fact]
    public async Task Check_ReportsMissingAndInvalidAnswers_AndAnInvalidNumber()
    {
        var manager = await _kit.ManagerAsync();
        var send = RunTestKit.SendMessage(await _kit.SandboxLineAsync());
        var fixedPhone = send with { Inputs = send.Inputs.Select(i => i.Name == "Phone" ? i with { Value = "12-34" } : i).ToList() };
        var scenario = await _kit.ScenarioAsync(fixedPhone);
        var bad = await _kit.Data.DealAsync("Bad number", manager);

        var missing = await Preview.CheckAsync(manager.Id, scenario.Id, [bad.Id], Message("  "), English);
        var unknown = await Preview.CheckAsync(manager.Id, scenario.Id, [bad.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi", ["step9.Nope"] = "x" }, English);

        Assert.Equal(ErrorCodes.ParameterMissing, Assert.Single(missing.Problems, p => p.Key == "step1.Message").Code);
        Assert.Null(missing.Previews[0].Values.Single(v => v.Input.Name == "Message").Value);
        Assert.Contains(unknown.Problems, p => p.Key == "step9.Nope" && p.Code == ErrorCodes.ParameterInvalid);
        // The missing answer is the field's problem; the records are checked for the rest.
        var failure = Assert.Single(missing.Records!.Problems);
        Assert.Equal(ErrorCodes.PhoneInvalid, failure.ErrorCode);
        Assert.Equal("12-34", failure.Detail);
    }

    [Fact]
    public async Task Check_OnlyShowsAndChecksRecordsTheUserMayRead()
    {
        var manager = await _kit.ManagerAsync(RightScope.Own);
        var colleague = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var own = await _kit.Data.DealAsync("Own deal", manager, contact: await _kit.Data.ContactAsync("Own", "Client", manager, new PhoneNumber("+7 999 333-00-01", PhoneType.Mobile)));
        var theirs = await _kit.Data.DealAsync("Their secret deal", colleague);

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, [own.Id, theirs.Id], Message("Hi"), English);
        var readerCheck = await Preview.CheckAsync(
            (await _kit.Data.UserAsync("Reader", null, PortalRoles.Manager, await _kit.Data.DealRoleAsync(RightScope.All, CrmAction.Read))).Id,
            scenario.Id, [own.Id], Message("Hi"), English);

        Assert.Equal([own.Id], check.Previews.Select(p => p.EntityId));
        Assert.Equal(1, check.Records!.Checked);
        Assert.Equal(1, check.Records.Ready);
        Assert.Equal(1, check.Records.NotChecked);
        Assert.DoesNotContain(check.Records.Problems, p => p.Title.Contains("secret", StringComparison.Ordinal));
        Assert.Empty(readerCheck.Previews);
        Assert.Null(readerCheck.Records);
    }

    [Fact]
    public async Task Check_WithoutASendStep_ChecksTheTextsEachRecordRendersTo()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Hi {{Deal.Title}}"));
        var deal = await _kit.Data.DealAsync("Comment deal", manager);

        var check = await Preview.CheckAsync(manager.Id, scenario.Id, [deal.Id], new Dictionary<string, string?>(), English);

        Assert.Equal((1, 1, 0), (check.Records!.Checked, check.Records.Ready, check.Records.Failing));
        Assert.Equal("Hi Comment deal", Assert.Single(Assert.Single(check.Previews).Values).Value);
    }

    [Fact]
    public async Task SelectAllMatching_LargerThanTheLimit_ResolvesTheLimitPlusOneIds_AndTheCheckRefusesItAtOnce()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var prefix = $"Bound {Guid.NewGuid():N}"[..12];
        var deals = new List<Deal>();
        for (var i = 0; i < 5; i++)
        {
            deals.Add(await _kit.Data.DealAsync($"{prefix} {i}", manager));
        }

        var all = new EntitySelection();
        all.SelectAllMatching();
        var access = await app.Services.GetRequiredService<CrmAccess>().ForUserAsync(manager.Id);

        // A "select all" of five with a limit of three: four ids, enough to know it is too many, never all of them.
        var resolved = await app.Services.GetRequiredService<DealQueries>().SelectedIdsAsync(access, new DealFilter(Search: prefix), all, limit: 3);
        Assert.Equal(deals.Select(d => d.Id).Order().Take(4), resolved);

        // The dialog's check of one more id than a launch may take: refused with the limit, nothing read or previewed.
        var limit = Preview.MaxEntitiesPerLaunch;
        var tooMany = Enumerable.Range(1, limit + 1).Select(i => (long)i).ToList();
        var check = await Preview.CheckAsync(manager.Id, scenario.Id, tooMany, Message("Hi"), English);

        var problem = Assert.Single(check.Problems);
        Assert.Equal((string.Empty, ErrorCodes.LaunchTooManyEntities, limit.ToString(CultureInfo.InvariantCulture)), (problem.Key, problem.Code, problem.Detail));
        Assert.Empty(check.Previews);
        Assert.Null(check.Records);
    }

    [Fact]
    public async Task ANewerCheck_CancelsTheOneInFlight_WhoseAnswerIsDropped_AndClosingCancelsTheLast()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Hi {{Deal.Title}}"));
        var deal = await _kit.Data.DealAsync("Checked twice", manager);
        using var checks = new LatestCall<LaunchCheck>();
        var older = new TaskCompletionSource<CancellationToken>();
        var never = new TaskCompletionSource();

        // The older check is still on its way (held here) when newer typing asks again.
        var first = checks.RunAsync(async token =>
        {
            older.SetResult(token);
            await never.Task.WaitAsync(token);
            return await Preview.CheckAsync(manager.Id, scenario.Id, [deal.Id], new Dictionary<string, string?>(), English, token);
        });
        var olderToken = await older.Task;
        var second = await checks.RunAsync(token => Preview.CheckAsync(manager.Id, scenario.Id, [deal.Id], new Dictionary<string, string?>(), English, token));

        Assert.True(olderToken.IsCancellationRequested);
        Assert.Null(await first);
        Assert.Equal("Hi Checked twice", Assert.Single(Assert.Single(second!.Previews).Values).Value);

        // The service stops at a cancelled token rather than finishing a check nobody waits for.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Preview.CheckAsync(manager.Id, scenario.Id, [deal.Id], new Dictionary<string, string?>(), English, cancelled.Token));

        // Closing the dialog cancels the check in flight.
        var last = new TaskCompletionSource<CancellationToken>();
        var running = checks.RunAsync(async token =>
        {
            last.SetResult(token);
            await never.Task.WaitAsync(token);
            return LaunchCheck.None;
        });
        var lastToken = await last.Task;
        checks.Dispose();
        Assert.True(lastToken.IsCancellationRequested);
        Assert.Null(await running);

        // A change still on its way from the closed dialog asks nothing and gets no answer.
        var asked = false;
        Assert.Null(await checks.RunAsync(_ =>
        {
            asked = true;
            return Task.FromResult(LaunchCheck.None);
        }));
        Assert.False(asked);
    }
}
