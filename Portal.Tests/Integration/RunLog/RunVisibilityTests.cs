using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Messaging;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.RunLog;

/// <summary>
/// What a run shows follows today's rights: the launcher of a run whose records changed hands sees those records'
/// items by status and error code only, on the run page, in the CSV, in the sandbox inbox and in search; support
/// staff still see everything.
/// </summary>
public class RunVisibilityTests(PortalApp app) : IClassFixture<PortalApp>, IAsyncLifetime
{
    private readonly RunTestKit _kit = new(app.Services);
    private Handover _run = null!;

    private IServiceProvider Scoped => app.Services.CreateScope().ServiceProvider;

    public async Task InitializeAsync()
    {
        var manager = await _kit.ManagerAsync(RightScope.Own);
        var colleague = await _kit.ManagerAsync(RightScope.Own);
        var line = await _kit.SandboxLineAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(line));
        var kept = await _kit.Data.DealAsync("Kept deal", manager, contact: await _kit.Data.ContactAsync(
            "Kept", "Client", manager, new PhoneNumber("+7 999 555-10-01", PhoneType.Mobile)));
        var given = await _kit.Data.DealAsync("Handed-over deal", manager, contact: await _kit.Data.ContactAsync(
            "Given", "Client", manager, new PhoneNumber("+7 999 555-10-02", PhoneType.Mobile)));
        var failing = await _kit.Data.DealAsync("Handed-over failure", manager, contact: await _kit.Data.ContactAsync("Silent", "Client", manager));
        var launch = await _kit.LaunchAsync(scenario, manager, [kept.Id, given.Id, failing.Id], new Dictionary<string, string?> { ["step1.Message"] = "Private offer" });
        Assert.True(launch.Launched, launch.ErrorCode);
        var runId = (await _kit.FinishedAsync(launch.RunId!.Value)).Id;

        // Two of the deals change hands after the run: the manager's "own deals" right no longer reaches them.
        await _kit.WithDbAsync(db => db.Deals.Where(d => d.Id == given.Id || d.Id == failing.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ResponsibleId, colleague.Id)));
        _run = new Handover(runId, line, manager, await _kit.Data.UserAsync("Visibility Support", null, PortalRoles.Support), kept.Id, given.Id, failing.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FindingARecordInARun_ByIdOrName_ReachesOnlyTheRecordsTheReaderSees()
    {
        var runs = Scoped.GetRequiredService<RunQueries>();
        async Task<long[]> FoundAsync(string userId, string record) =>
            (await runs.ItemsAsync(userId, _run.RunId, null, new PageRequest(0, 50), record: record)).Rows.Select(r => r.EntityId).Order().ToArray();

        Assert.Equal([_run.Kept], await FoundAsync(_run.Manager.Id, "kept"));
        Assert.Equal([_run.Kept], await FoundAsync(_run.Manager.Id, _run.Kept.ToString(CultureInfo.InvariantCulture)));
        Assert.Empty(await FoundAsync(_run.Manager.Id, "handed-over"));
        Assert.Empty(await FoundAsync(_run.Manager.Id, _run.Given.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(new[] { _run.Given, _run.Failing }.Order(), await FoundAsync(_run.Support.Id, "HANDED-over"));
        Assert.Equal([_run.Failing], await FoundAsync(_run.Support.Id, _run.Failing.ToString(CultureInfo.InvariantCulture)));
        Assert.Empty(await FoundAsync(_run.Support.Id, "100%_"));
    }

    [Fact]
    public async Task RunPage_HidesTheRecordsTheLauncherMayNoLongerRead_TheirValuesAndMessages_ButNotTheirStatusAndErrorCode()
    {
        var runs = Scoped.GetRequiredService<RunQueries>();

        var items = (await runs.ItemsAsync(_run.Manager.Id, _run.RunId, null, new PageRequest(0, 50))).Rows.ToDictionary(r => r.EntityId);

        Assert.Equal(("Kept deal", false), (items[_run.Kept].EntityTitle, items[_run.Kept].RecordHidden));
        Assert.Equal((null, true, ItemStatus.Completed), (items[_run.Given].EntityTitle, items[_run.Given].RecordHidden, items[_run.Given].Status));
        Assert.Equal((null, true, ItemStatus.Failed, ErrorCodes.PhoneMissing), (items[_run.Failing].EntityTitle, items[_run.Failing].RecordHidden, items[_run.Failing].Status, items[_run.Failing].ErrorCode));
        Assert.Null(items[_run.Failing].ErrorDetail);

        var keptSteps = await runs.StepsAsync(_run.Manager.Id, items[_run.Kept].Id);
        var givenSteps = await runs.StepsAsync(_run.Manager.Id, items[_run.Given].Id);
        Assert.Single(Assert.Single(keptSteps).Messages);
        Assert.NotEmpty(keptSteps[0].Inputs);
        var hidden = Assert.Single(givenSteps);
        Assert.Equal(("olchat.send_message", StepStatus.Completed), (hidden.RobotKey, hidden.Status));
        Assert.Empty(hidden.Inputs);
        Assert.Empty(hidden.Messages);
        Assert.Null(hidden.Output);

        var everything = (await runs.ItemsAsync(_run.Support.Id, _run.RunId, null, new PageRequest(0, 50))).Rows;
        Assert.All(everything, r => Assert.False(r.RecordHidden));
        Assert.Contains(everything, r => r.EntityTitle == "Handed-over deal");
        Assert.Single(Assert.Single(await runs.StepsAsync(_run.Support.Id, items[_run.Given].Id)).Messages);
    }

    [Fact]
    public async Task Csv_WritesAHiddenRecordWithoutItsIdTitleOrOutput()
    {
        using var manager = await app.SignedInClientAsync(_run.Manager.Email!);
        using var support = await app.SignedInClientAsync(_run.Support.Email!);

        var mine = Rows(await manager.GetStringAsync($"/runs/{_run.RunId}/items.csv"));
        var all = Rows(await support.GetStringAsync($"/runs/{_run.RunId}/items.csv"));

        Assert.Equal(["Deal", _run.Kept.ToString(CultureInfo.InvariantCulture), "Kept deal", "Completed"], mine[0].GetRange(1, 4));
        Assert.Equal(["Deal", "", "Hidden record", "Completed"], mine[1].GetRange(1, 4));
        Assert.Equal("", mine[1][10]);
        Assert.Equal(["", "Hidden record", "Failed", ErrorCodes.PhoneMissing], mine[2].GetRange(2, 4));
        Assert.Equal(["Kept deal", "Handed-over deal", "Handed-over failure"], all.Select(r => r[3]));
        Assert.NotEqual("", all[1][10]);
    }

    [Fact]
    public async Task SandboxInbox_HidesTheNumberAndTextOfAMessageToARecordTheReaderMayNoLongerRead()
    {
        var lines = Scoped.GetRequiredService<LineAdmin>();

        var mine = (await lines.InboxAsync(_run.Manager.Id, _run.Line, null, 50))!.Rows.Where(m => m.RunId == _run.RunId).ToDictionary(m => m.EntityId!.Value);
        var all = (await lines.InboxAsync(_run.Support.Id, _run.Line, null, 200))!.Rows.Where(m => m.RunId == _run.RunId).ToDictionary(m => m.EntityId!.Value);

        Assert.Equal(("+79995551001", "Private offer", false), (mine[_run.Kept].To, mine[_run.Kept].Text, mine[_run.Kept].RecordHidden));
        Assert.Equal(("", "", true, null), (mine[_run.Given].To, mine[_run.Given].Text, mine[_run.Given].RecordHidden, mine[_run.Given].EntityPath));
        Assert.Equal(mine[_run.Kept].Status, mine[_run.Given].Status);
        Assert.Equal(("+79995551002", "Private offer", false), (all[_run.Given].To, all[_run.Given].Text, all[_run.Given].RecordHidden));
    }

    [Fact]
    public async Task Search_HidesTheRecord_AndAPhoneSearchDoesNotFindIt()
    {
        var search = Scoped.GetRequiredService<RunSearch>();

        var byUser = (await search.FindAsync(_run.Manager.Id, new ItemSearchQuery(UserId: _run.Manager.Id))).Rows.ToDictionary(r => r.EntityId);
        var byPhone = await search.FindAsync(_run.Manager.Id, new ItemSearchQuery(Phone: "+7 999 555-10-02"));
        var supportByPhone = await search.FindAsync(_run.Support.Id, new ItemSearchQuery(Phone: "+7 999 555-10-02"));

        Assert.Equal(("Kept deal", false), (byUser[_run.Kept].EntityTitle, byUser[_run.Kept].RecordHidden));
        Assert.Equal((null, true), (byUser[_run.Given].EntityTitle, byUser[_run.Given].RecordHidden));
        Assert.Equal((null, true, ErrorCodes.PhoneMissing, null), (byUser[_run.Failing].EntityTitle, byUser[_run.Failing].RecordHidden, byUser[_run.Failing].ErrorCode, byUser[_run.Failing].ErrorDetail));
        Assert.Empty(byPhone.Rows);
        Assert.Equal(_run.Given, Assert.Single(supportByPhone.Rows, r => r.RunId == _run.RunId).EntityId);
    }

    private static List<List<string>> Rows(string csv) => AppHttp.ParseCsv(csv.TrimStart('\uFEFF')).Skip(1).ToList();

    private sealed record Handover(long RunId, int Line, Data.PortalUser Manager, Data.PortalUser Support, long Kept, long Given, long Failing);
}
