using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.RunLog;
using Portal.Tests.Infrastructure;
using Portal.Tests.Integration.Runs;

namespace Portal.Tests.Integration.RunLog;

/// <summary>Searching every run for items: by phone, record, error code and user, with the reader's rights and keyset pages.</summary>
public class RunSearchTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly RunTestKit _kit = new(app.Services);

    private RunSearch Search => app.Services.CreateScope().ServiceProvider.GetRequiredService<RunSearch>();

    [Fact]
    public async Task ByPhone_FindsTheCustomersItemsInEveryRun_HoweverTheNumberIsTyped()
    {
        var manager = await _kit.ManagerAsync();
        var (scenario, deals) = await DealsAsync(manager, "777", 3);
        await RunAsync(scenario, manager, deals);
        await RunAsync(scenario, manager, deals);

        foreach (var typed in new[] { "8 (999) 777-00-01", "+7 999 777 00 01", "79997770001" })
        {
            var found = await Search.FindAsync(manager.Id, new ItemSearchQuery(Phone: typed));

            Assert.Null(found.Problem);
            Assert.Equal(2, found.Rows.Count);
            Assert.All(found.Rows, r => Assert.Equal(deals[1].Id, r.EntityId));
            Assert.Equal(2, found.Rows.Select(r => r.RunId).Distinct().Count());
        }
    }

    [Fact]
    public async Task ByErrorCode_AcrossRuns_OnlyTheFailures_AndEachReaderSeesWhatTheyMayRead()
    {
        var first = await _kit.ManagerAsync();
        var second = await _kit.ManagerAsync();
        var support = await _kit.Data.UserAsync("Support Person", null, PortalRoles.Support);
        var (scenario, deals) = await DealsAsync(first, "778", 2);
        var noPhone = await _kit.Data.DealAsync("No phone deal", first, contact: await _kit.Data.ContactAsync("Silent", "Client", first));
        var (scenario2, deals2) = await DealsAsync(second, "779", 1);
        var noPhone2 = await _kit.Data.DealAsync("No phone deal 2", second, contact: await _kit.Data.ContactAsync("Silent", "Client 2", second));
        var run1 = await RunAsync(scenario, first, [.. deals, noPhone]);
        var run2 = await RunAsync(scenario2, second, [.. deals2, noPhone2]);

        var mine = await Search.FindAsync(first.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.PhoneMissing));
        var everything = await Search.FindAsync(support.Id, new ItemSearchQuery(ErrorCode: ErrorCodes.PhoneMissing));

        var only = Assert.Single(mine.Rows);
        Assert.Equal((run1, noPhone.Id, ItemStatus.Failed), (only.RunId, only.EntityId, only.Status));
        Assert.Contains(everything.Rows, r => r.RunId == run1 && r.EntityId == noPhone.Id);
        Assert.Contains(everything.Rows, r => r.RunId == run2 && r.EntityId == noPhone2.Id);
        Assert.All(everything.Rows, r => Assert.Equal(ErrorCodes.PhoneMissing, r.ErrorCode));
        Assert.Equal("No phone deal", only.EntityTitle);
    }

    [Fact]
    public async Task ByRecordAndByUser()
    {
        var first = await _kit.ManagerAsync();
        var second = await _kit.ManagerAsync();
        var admin = await _kit.Data.UserAsync("Admin Person", null, PortalRoles.Administrator);
        var (scenario, deals) = await DealsAsync(first, "780", 2);
        var run1 = await RunAsync(scenario, first, deals);
        var run2 = await RunAsync(scenario, second, deals);

        var byRecord = await Search.FindAsync(admin.Id, new ItemSearchQuery(CrmEntityType.Deal, deals[0].Id));
        var byUser = await Search.FindAsync(admin.Id, new ItemSearchQuery(UserId: second.Id));
        var wrongType = await Search.FindAsync(admin.Id, new ItemSearchQuery(CrmEntityType.Lead, deals[0].Id));

        Assert.Equal([run2, run1], byRecord.Rows.Select(r => r.RunId));
        Assert.Equal(2, byUser.Rows.Count);
        Assert.All(byUser.Rows, r => Assert.Equal(run2, r.RunId));
        Assert.Empty(wrongType.Rows);
    }

    [Fact]
    public async Task KeysetPages_NeitherSkipNorRepeat_WhileNewRunsAreWritten()
    {
        var manager = await _kit.ManagerAsync();
        var (scenario, deals) = await DealsAsync(manager, "781", 60);
        await RunAsync(scenario, manager, deals);
        await RunAsync(scenario, manager, deals);
        var query = new ItemSearchQuery(UserId: manager.Id);

        var first = await Search.FindAsync(manager.Id, query, take: 50);
        await RunAsync(scenario, manager, deals.Take(10).ToList());
        var second = await Search.FindAsync(manager.Id, query, first.Before, take: 50);
        var third = await Search.FindAsync(manager.Id, query, second.Before, take: 50);

        var seen = first.Rows.Concat(second.Rows).Concat(third.Rows).Select(r => r.ItemId).ToList();
        Assert.Equal(120, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Null(third.Before);
    }

    [Theory]
    [InlineData(5000, RunSearch.TooLong)]
    [InlineData(0, RunSearch.NotAPhone)]
    public async Task BadInput_IsToldWhatIsWrong_AndNothingBreaks(int length, string problem)
    {
        var manager = await _kit.ManagerAsync();
        var phone = length > 0 ? new string('9', length) : "'; DROP TABLE \"RunItems\"; --";

        var found = await Search.FindAsync(manager.Id, new ItemSearchQuery(Phone: phone));

        Assert.Equal((problem, nameof(ItemSearchQuery.Phone)), (found.Problem!, found.ProblemField!));
        Assert.Empty(found.Rows);
        Assert.Equal(RunSearch.NothingToSearch, (await Search.FindAsync(manager.Id, new ItemSearchQuery())).Problem);
        Assert.Equal(RunSearch.UnknownCode, (await Search.FindAsync(manager.Id, new ItemSearchQuery(ErrorCode: "' OR 1=1 --"))).Problem);
    }

    private async Task<(Portal.Domain.Scenarios.Scenario Scenario, List<Deal> Deals)> DealsAsync(Data.PortalUser manager, string prefix, int count)
    {
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync()));
        var deals = new List<Deal>();
        for (var i = 0; i < count; i++)
        {
            var contact = await _kit.Data.ContactAsync("Client", $"{prefix}-{i}", manager, new PhoneNumber($"+7 999 {prefix}-{i / 100:00}-{i % 100:00}", PhoneType.Mobile));
            deals.Add(await _kit.Data.DealAsync($"Deal {prefix}-{i}", manager, contact: contact));
        }

        return (scenario, deals);
    }

    private async Task<long> RunAsync(Portal.Domain.Scenarios.Scenario scenario, Data.PortalUser user, List<Deal> deals)
    {
        var launch = await _kit.LaunchAsync(scenario, user, deals.Select(d => d.Id), new Dictionary<string, string?> { ["step1.Message"] = "Hi" });
        Assert.True(launch.Launched, launch.ErrorCode);
        return (await _kit.FinishedAsync(launch.RunId!.Value)).Id;
    }
}
