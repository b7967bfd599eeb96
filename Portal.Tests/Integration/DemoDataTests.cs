using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Seeding;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration;

/// <summary>How many rows each seeded table holds.</summary>
public sealed record CrmCounts(int Deals, int Contacts, int Companies, int Leads, int ContactPhones, int Comments)
{
    public static async Task<CrmCounts> ReadAsync(PortalDbContext db) => new(
        await db.Deals.CountAsync(),
        await db.Contacts.CountAsync(),
        await db.Companies.CountAsync(),
        await db.Leads.CountAsync(),
        await db.Contacts.SelectMany(c => c.Phones).CountAsync(),
        await db.TimelineEntries.CountAsync());
}

/// <summary>The real Portal on a database of its own, with 2,000 demo deals seeded once.</summary>
public sealed class DemoDataFixture : IAsyncLifetime, IAsyncDisposable
{
    public const int Deals = 2_000;

    private readonly PortalApp _app = new();

    public DemoDataSummary FirstSeed { get; private set; } = null!;

    public CrmCounts CountsAfterFirstSeed { get; private set; } = null!;

    public string ConnectionString => _app.ConnectionString;

    public IServiceProvider Services => _app.Services;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        FirstSeed = await SeedAsync(DemoDataSize.ForDeals(Deals));
        CountsAfterFirstSeed = await WithDbAsync(CrmCounts.ReadAsync);
    }

    public async Task<DemoDataSummary> SeedAsync(DemoDataSize size)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(size);
    }

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public async Task<T> WithUsersAsync<T>(Func<UserManager<PortalUser>, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>());
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}

public partial class DemoDataTests(DemoDataFixture fixture) : IClassFixture<DemoDataFixture>
{
    [Fact]
    public void Seeding2000Deals_WritesTheDerivedNumberOfEachRecord()
    {
        var counts = fixture.CountsAfterFirstSeed;

        Assert.Equal(new DemoDataSize(2_000, 1_000, 200, 400), fixture.FirstSeed.Size);
        Assert.Equal((2_000, 1_000, 200, 400), (counts.Deals, counts.Contacts, counts.Companies, counts.Leads));
        Assert.Equal(fixture.FirstSeed.Comments, counts.Comments);
        Assert.InRange(counts.Comments, 1, counts.Deals);
        Assert.InRange(counts.ContactPhones, counts.Contacts / 2, counts.Contacts * 3);
    }

    [Fact]
    public async Task TheDemoAutomation_IsTheSeedsExample_AndItsProcessLaunchesItWhenADealReachesInvoiceSent()
    {
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetRequiredService<DemoAutomationSeeder>();
            Assert.True(await seeder.SeedAsync());
            Assert.False(await seeder.SeedAsync());
        }

        var kit = new Integration.Runs.RunTestKit(fixture.Services);
        var admin = await kit.Data.UserAsync("Demo Admin", null, PortalRoles.Administrator);
        var scenario = await fixture.WithDbAsync(db => db.Scenarios.SingleAsync(s => s.Name == DemoAutomationSeeder.ScenarioName));
        Assert.True(scenario.CanRun);
        Assert.Equal(["step1.Message"], scenario.LaunchParameters(Portal.Features.Engine.Robots.RobotsSetup.Catalog).Select(p => p.Key));
        var deal = await fixture.WithDbAsync(db => db.Deals.Where(d => d.StageId == 1 && d.ContactId != null).OrderBy(d => d.Id).FirstAsync());
        var contact = await fixture.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == deal.ContactId));

        await fixture.WithDbAsync(async db =>
        {
            var tracked = await db.Deals.SingleAsync(d => d.Id == deal.Id);
            tracked.MoveTo(await db.Stages.SingleAsync(s => s.Id == 3), await db.Stages.SingleAsync(s => s.Id == tracked.StageId), admin.Id, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var launched = await Eventually.GetAsync(() => fixture.WithDbAsync(db => db.ScenarioRuns.AsNoTracking()
            .FirstOrDefaultAsync(r => r.ScenarioId == scenario.Id && db.RunItems.Any(i => i.RunId == r.Id && i.EntityId == deal.Id))));
        var run = await kit.FinishedAsync(launched.Id);
        Assert.Equal($"Hello, {contact.FullName}! The invoice for “{deal.Title}” is on its way.", run.LaunchValues["step1.Message"]);
        Assert.Equal(RunSource.Process, run.Source);
    }

    [Fact]
    public async Task EveryDeal_IsInAStageOfItsOwnPipeline()
    {
        var stages = await fixture.WithDbAsync(db => db.Deals
            .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new { d.PipelineId, StagePipelineId = s.PipelineId, d.StageId })
            .ToListAsync());

        Assert.All(stages, s => Assert.Equal(s.PipelineId, s.StagePipelineId));
        Assert.All(stages, s => Assert.Equal(ReferenceDataSeeder.DefaultPipelineId, s.PipelineId));
        Assert.Equal(ReferenceDataSeeder.DefaultStages.Select(s => s.Id).Order(), stages.Select(s => s.StageId).Distinct().Order());
    }

    [Fact]
    public async Task Deals_AreWithTheirContactsCompany_AndContactsWorkForSeededCompanies()
    {
        var links = await fixture.WithDbAsync(db => db.Deals
            .Where(d => d.ContactId != null)
            .Join(db.Contacts, d => d.ContactId, c => c.Id, (d, c) => new { DealCompany = d.CompanyId, ContactCompany = c.CompanyId })
            .ToListAsync());
        var contactsAtCompanies = await fixture.WithDbAsync(db => db.Contacts.CountAsync(c => c.CompanyId != null));

        Assert.InRange(links.Count, fixture.CountsAfterFirstSeed.Deals / 2, fixture.CountsAfterFirstSeed.Deals);
        Assert.All(links, l => Assert.Equal(l.ContactCompany, l.DealCompany));
        Assert.InRange(contactsAtCompanies, 1, fixture.CountsAfterFirstSeed.Contacts - 1);
    }

    [Fact]
    public async Task ContactPhones_ComeInSeveralFormatsAndTypes_AndSomeContactsHaveNone()
    {
        var phones = await fixture.WithDbAsync(db => db.Contacts.AsNoTracking().SelectMany(c => c.Phones).ToListAsync());
        var withoutPhones = await fixture.WithDbAsync(db => db.Contacts.CountAsync(c => !c.Phones.Any()));

        Assert.All(phones, p => Assert.Equal(PhoneNumber.DigitsOf(p.Number), p.Digits));
        Assert.All(phones, p => Assert.Equal(p, new PhoneNumber(p.Number, p.Type)));
        Assert.All(phones, p => Assert.True(PhoneNormaliser.Normalise(p.Number, "RU").IsValid, p.Number));
        Assert.Contains(phones, p => InternationalFormat().IsMatch(p.Number));
        Assert.Contains(phones, p => TrunkPrefixFormat().IsMatch(p.Number));
        Assert.Contains(phones, p => DigitsOnlyFormat().IsMatch(p.Number));
        Assert.Contains(phones, p => !p.Number.StartsWith('8') && !p.Number.StartsWith("+7", StringComparison.Ordinal) && !p.Number.StartsWith('7'));
        Assert.Equal(Enum.GetValues<PhoneType>().Order(), phones.Select(p => p.Type).Distinct().Order());
        Assert.InRange(withoutPhones, 1, fixture.CountsAfterFirstSeed.Contacts / 3);
    }

    [Fact]
    public async Task Names_AreRussianAndEnglish()
    {
        var names = await fixture.WithDbAsync(db => db.Contacts.Select(c => c.FirstName)
            .Concat(db.Companies.Select(c => c.Name))
            .ToListAsync());

        var russian = names.Count(n => Cyrillic().IsMatch(n));
        Assert.InRange(russian, names.Count / 4, names.Count * 3 / 4);
        Assert.Contains(names, n => n.StartsWith("ООО «", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DemoStaff_HaveTheDemoPasswordDepartmentsAndCrmRoles()
    {
        var departments = await fixture.WithDbAsync(db => db.Departments.ToDictionaryAsync(d => d.Id, d => d.Name));
        var crmRoles = await fixture.WithDbAsync(db => db.UserCrmRoles
            .Join(db.CrmRoles, u => u.CrmRoleId, r => r.Id, (u, r) => new { u.UserId, r.Name })
            .ToListAsync());

        foreach (var member in DemoOrganisation.Staff)
        {
            var (user, passwordAccepted) = await fixture.WithUsersAsync(async users =>
            {
                var user = await users.FindByEmailAsync(member.Email);
                Assert.NotNull(user);
                return (user, await users.CheckPasswordAsync(user, DemoOrganisation.Password));
            });
            Assert.True(passwordAccepted);
            Assert.Equal(member.Department, departments[user.DepartmentId!.Value]);
            Assert.Equal([member.CrmRole], crmRoles.Where(r => r.UserId == user.Id).Select(r => r.Name));
        }

        Assert.Equal(
            new[] { ReferenceDataSeeder.HeadOfDepartmentRole, ReferenceDataSeeder.OwnRecordsRole, ReferenceDataSeeder.ReadEverythingRole }.Order(),
            DemoOrganisation.Staff.Select(m => m.CrmRole).Distinct().Order());
    }

    [Fact]
    public async Task TheDemoManager_IsResponsibleForSomeDeals()
    {
        var email = DemoUsers.All.Single(u => u.Role == PortalRoles.Manager).Email;
        var managerId = await fixture.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var deals = await fixture.WithDbAsync(db => db.Deals.CountAsync(d => d.ResponsibleId == managerId));

        Assert.InRange(deals, 1, fixture.CountsAfterFirstSeed.Deals / 2);
    }

    [Fact]
    public async Task SeedingAgain_AddsMoreOfTheSameDeterministicData()
    {
        var before = await fixture.WithDbAsync(CrmCounts.ReadAsync);
        var users = await fixture.WithDbAsync(db => db.Users.CountAsync());
        var lastCompanyId = await fixture.WithDbAsync(db => db.Companies.MaxAsync(c => c.Id));

        await fixture.SeedAsync(DemoDataSize.ForDeals(100));

        var after = await fixture.WithDbAsync(CrmCounts.ReadAsync);
        Assert.Equal((before.Deals + 100, before.Contacts + 50, before.Companies + 10, before.Leads + 20), (after.Deals, after.Contacts, after.Companies, after.Leads));
        Assert.Equal(users, await fixture.WithDbAsync(db => db.Users.CountAsync()));

        // The same seed starts with the same companies.
        var firstRun = await fixture.WithDbAsync(db => db.Companies.OrderBy(c => c.Id).Select(c => c.Name).Take(10).ToListAsync());
        var secondRun = await fixture.WithDbAsync(db => db.Companies.Where(c => c.Id > lastCompanyId).OrderBy(c => c.Id).Select(c => c.Name).ToListAsync());
        Assert.Equal(firstRun, secondRun);
    }

    [Fact]
    public async Task AfterSeeding_EfInsertsRecordsWithFreshIds()
    {
        var (maxDeal, maxContact) = await fixture.WithDbAsync(async db => (await db.Deals.MaxAsync(d => d.Id), await db.Contacts.MaxAsync(c => c.Id)));
        var userId = await fixture.WithDbAsync(db => db.Deals.Select(d => d.ResponsibleId).FirstAsync());
        var now = DateTimeOffset.UtcNow;
        var contact = Contact.Create("Пётр", "Иванов", userId, userId, now);
        contact.ReplacePhones([new PhoneNumber("+7 999 000-00-01", PhoneType.Mobile)], userId, now);
        var deal = Deal.Create("Inserted through EF", ReferenceDataSeeder.DefaultStages[0], 1_000m, "RUB", userId, userId, now);

        await fixture.WithDbAsync(async db =>
        {
            db.Contacts.Add(contact);
            db.Deals.Add(deal);
            return await db.SaveChangesAsync();
        });

        Assert.True(deal.Id > maxDeal);
        Assert.True(contact.Id > maxContact);
    }

    [Theory]
    [InlineData("--deals -5", "--deals must be a whole number, 0 or more (got '-5')")]
    [InlineData("--deals abc", "--deals must be a whole number, 0 or more (got 'abc')")]
    [InlineData("--deals", "--deals needs a number")]
    [InlineData("--contacts 5", "--deals is required")]
    [InlineData("--deals 5 --people 3", "unknown argument '--people'")]
    public void BadArguments_AreRejectedWithAClearMessage(string args, string message)
    {
        Assert.False(DemoDataRequest.TryParse(args.Split(' '), out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_DeriveTheCountsNotGiven()
    {
        Assert.True(DemoDataRequest.TryParse(["--deals", "1000", "--companies", "7", "--if-empty"], out var request, out _));

        Assert.Equal(new DemoDataRequest(new DemoDataSize(1_000, 500, 7, 200), OnlyIfEmpty: true), request);
    }

    [Fact]
    public async Task SeedCommand_WithABadArgument_ExitsWithTheUsage()
    {
        var result = await PortalProcess.RunAsync(new Dictionary<string, string>(), "seed", "--deals", "abc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--deals must be a whole number", result.Error, StringComparison.Ordinal);
        Assert.Contains(DemoDataRequest.Usage, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedCommand_OnAnEmptyDatabase_InitialisesItSeedsOnceAndSummarises()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("seedcommand");
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["PORTAL_DB"] = connectionString,
                ["Portal__DatabaseStartupTimeoutSeconds"] = "0",
                ["Logging__LogLevel__Default"] = "Warning",
            };

            var first = await PortalProcess.RunAsync(environment, "seed", "--deals", "50", "--if-empty");
            var second = await PortalProcess.RunAsync(environment, "seed", "--deals", "50", "--if-empty");

            Assert.True(first.ExitCode == 0, first.Error);
            var lines = first.Output.TrimEnd().Split('\n');
            Assert.Matches(
                @"^Seeded 50 deals, 25 contacts, 5 companies, 10 leads, \d+ phones, \d+ comments in [\d.]+ s \(\d+ rows/s\)$",
                lines[^2].TrimEnd());
            Assert.Equal($"Added the scenario “{DemoAutomationSeeder.ScenarioName}” and the business process “{DemoAutomationSeeder.ProcessName}”.", lines[^1].TrimEnd());
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("not added", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabases.DropAsync(connectionString);
        }
    }

    [GeneratedRegex(@"^\+7 \d{3} \d{3}-\d{2}-\d{2}$")]
    private static partial Regex InternationalFormat();

    [GeneratedRegex(@"^8 \(\d{3}\) \d{3} \d{2} \d{2}$")]
    private static partial Regex TrunkPrefixFormat();

    [GeneratedRegex(@"^[78]\d{10}$")]
    private static partial Regex DigitsOnlyFormat();

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();
}
