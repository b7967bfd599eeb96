using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Domain.Common;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Crm;
using Portal.Features.Engine;
using Portal.Features.RunLog;
using Portal.Localization;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Integration.Runs;

/// <summary>The run log for support staff: the error-code filter, the CSV export (streamed, over HTTP, with the read rule) and a record's runs.</summary>
public class RunExportTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const int Inserted = 10_000;
    private const string Title = "Сделка «Ромашка», ООО \"Рога\"";

    private readonly RunTestKit _kit = new(app.Services);

    private IDbContextFactory<PortalDbContext> Contexts => app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    [Fact]
    public async Task ErrorCodeFilter_ReturnsExactlyTheItemsWithThatCode_AndTheRunListsItsCodes()
    {
        var (runId, manager, _) = await BigRunAsync();
        var queries = app.Services.GetRequiredService<RunQueries>();

        var invalid = await queries.ItemsAsync(manager.Id, runId, null, new PageRequest(0, 200), ErrorCodes.PhoneInvalid);
        var failedInvalid = await queries.ItemsAsync(manager.Id, runId, ItemStatus.Failed, new PageRequest(0, 200), ErrorCodes.PhoneInvalid);
        var completedInvalid = await queries.ItemsAsync(manager.Id, runId, ItemStatus.Completed, new PageRequest(0, 200), ErrorCodes.PhoneInvalid);
        var all = await queries.ItemsAsync(manager.Id, runId, null, new PageRequest(0, 10));

        Assert.Equal(Inserted / 4, invalid.Total);
        Assert.Equal(200, invalid.Rows.Count);
        Assert.All(invalid.Rows, r => Assert.Equal(ErrorCodes.PhoneInvalid, r.ErrorCode));
        Assert.Equal(Inserted / 4, failedInvalid.Total);
        Assert.Equal(0, completedInvalid.Total);
        Assert.Equal(Inserted + 1, all.Total);
        var expected = await _kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == runId && i.ErrorCode == ErrorCodes.PhoneInvalid).OrderBy(i => i.Id).Take(200).Select(i => i.Id).ToListAsync());
        Assert.Equal(expected, invalid.Rows.Select(r => r.Id));

        var codes = await RunExport.ErrorCodesAsync(Contexts, manager.Id, runId);
        Assert.Equal(new[] { new ErrorCodeCount(ErrorCodes.PhoneInvalid, 2500), new ErrorCodeCount(ErrorCodes.ProviderRejected, 2500) }, codes.OrderBy(c => c.Code, StringComparer.Ordinal));
        var stranger = await _kit.ManagerAsync();
        Assert.Empty(await RunExport.ErrorCodesAsync(Contexts, stranger.Id, runId));
        Assert.Equal(0, (await queries.ItemsAsync(stranger.Id, runId, null, new PageRequest(0, 10), ErrorCodes.PhoneInvalid)).Total);
    }

    [Fact]
    public async Task Csv_OfTenThousandItems_IsStreamedOverHttp_ToSupport_AndParsesBack()
    {
        var (runId, _, dealId) = await BigRunAsync();
        var support = await _kit.Data.UserAsync("Export Support", null, PortalRoles.Support);
        using var client = await app.SignedInClientAsync(support.Email!);

        using var response = await client.GetAsync($"/runs/{runId}/items.csv", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"run-{runId}-items.csv\"", string.Join(";", response.Content.Headers.GetValues("Content-Disposition")));
        Assert.Null(response.Content.Headers.ContentLength);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = AppHttp.ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal("Item id", rows[0][0]);
        Assert.Equal("Last step output", rows[0][10]);
        Assert.Equal(Inserted + 2, rows.Count);
        Assert.All(rows, r => Assert.Equal(11, r.Count));

        var first = rows[1];
        Assert.Equal(dealId.ToString(System.Globalization.CultureInfo.InvariantCulture), first[2]);
        Assert.Equal("Deal", first[1]);
        Assert.Equal(Title, first[3]);
        Assert.Equal("Completed", first[4]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first[9]);

        var byEntity = rows.Skip(2).ToDictionary(r => long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture) - EntityBase);
        var invalid = byEntity[4];
        Assert.Equal(new[] { "Failed", ErrorCodes.PhoneInvalid, "The phone number is invalid", "Номер \"8-800\", неверный\nстрока 4" }, invalid.GetRange(4, 4));
        Assert.Equal("2026-01-02T03:04:05Z", invalid[9]);
        Assert.Equal("", invalid[3]);
        var formula = byEntity[1];
        Assert.Equal("WhatsApp refused the message", formula[6]);
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"1\")", formula[7]);
        Assert.Equal("'-1 point, \"ok\"", byEntity[2][10]);
        Assert.Equal("", byEntity[6][10]);

        using var filtered = await client.GetAsync($"/runs/{runId}/items.csv?status=Failed&error={ErrorCodes.PhoneInvalid}");
        var filteredRows = AppHttp.ParseCsv((await filtered.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(2500 + 1, filteredRows.Count);
        Assert.All(filteredRows.Skip(1), r => Assert.Equal(ErrorCodes.PhoneInvalid, r[5]));
        using var completed = await client.GetAsync($"/runs/{runId}/items.csv?status=completed");
        Assert.Equal(2500 + 1 + 1, AppHttp.ParseCsv((await completed.Content.ReadAsStringAsync()).TrimStart('\uFEFF')).Count);
        using var bad = await client.GetAsync($"/runs/{runId}/items.csv?status=Nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task ARecordWithNumbersButNoMobile_FailsAsNoMobile_AndTheRunPageAndTheCsvNameItsNumbers()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.SendMessage(await _kit.SandboxLineAsync(), WhichNumbers.FirstMobile));
        var office = await _kit.Data.DealAsync("Office numbers", manager, contact: await _kit.Data.ContactAsync(
            "Office", "Numbers", manager, new PhoneNumber("+7 495 123-45-67", PhoneType.Work), new PhoneNumber("8 (812) 000-00-01", PhoneType.Other)));
        var noContact = await _kit.Data.DealAsync("No number at all", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [office.Id, noContact.Id], new Dictionary<string, string?> { ["step1.Message"] = "Hi" });
        var runId = (await _kit.FinishedAsync(launch.RunId!.Value)).Id;

        var items = (await app.Services.GetRequiredService<RunQueries>().ItemsAsync(manager.Id, runId, null, new PageRequest(0, 10))).Rows.ToDictionary(r => r.EntityId);
        var step = Assert.Single(await _kit.StepsAsync(runId), s => s.EntityId == office.Id);
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var russian = UiCulture.In("ru", () => ErrorTexts.Describe(localizer, items[office.Id].ErrorCode!, items[office.Id].ErrorDetail));
        var english = UiCulture.In("en", () => ErrorTexts.Describe(localizer, step.ErrorCode!, step.ErrorDetail));
        var none = UiCulture.In("en", () => ErrorTexts.Describe(localizer, items[noContact.Id].ErrorCode!, items[noContact.Id].ErrorDetail));

        Assert.Equal((ItemStatus.Failed, ErrorCodes.PhoneNoMobile), (items[office.Id].Status, items[office.Id].ErrorCode));
        Assert.Equal((StepStatus.Failed, ErrorCodes.PhoneNoMobile, items[office.Id].ErrorDetail), (step.Status, step.ErrorCode, step.ErrorDetail));
        Assert.Equal("The record has no mobile number (1 work number, 1 other number: 8 (495) 123-45-67, 8 (812) 000-00-01)", english);
        Assert.Equal("У записи нет мобильного номера (1 рабочий номер, 1 другой номер: 8 (495) 123-45-67, 8 (812) 000-00-01)", russian);
        Assert.Equal("The record has no phone number", none);

        using var client = await app.SignedInClientAsync(manager.Email!);
        var rows = AppHttp.ParseCsv((await client.GetStringAsync($"/runs/{runId}/items.csv")).TrimStart('\uFEFF'));
        var byEntity = rows.Skip(1).ToDictionary(r => long.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(
            ["Failed", ErrorCodes.PhoneNoMobile, "The record has no mobile number", "1 work number, 1 other number: 8 (495) 123-45-67, 8 (812) 000-00-01"],
            byEntity[office.Id].GetRange(4, 4));
        Assert.Equal(["Failed", ErrorCodes.PhoneMissing, "The record has no phone number", ""], byEntity[noContact.Id].GetRange(4, 4));
    }

    [Fact]
    public async Task Csv_IsRefused_WithNotFound_ToAManagerWhoNeitherLaunchedNorRanIt_AndToNobodySignedIn()
    {
        var (runId, manager, _) = await BigRunAsync(items: 3);
        var stranger = await _kit.ManagerAsync();
        using var strangerClient = await app.SignedInClientAsync(stranger.Email!);
        using var launcherClient = await app.SignedInClientAsync(manager.Email!);

        using var refused = await strangerClient.GetAsync($"/runs/{runId}/items.csv");
        using var missing = await launcherClient.GetAsync($"/runs/{long.MaxValue}/items.csv");
        using var own = await launcherClient.GetAsync($"/runs/{runId}/items.csv");
        using var anonymous = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var nobody = await anonymous.GetAsync($"/runs/{runId}/items.csv");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(3 + 2, AppHttp.ParseCsv((await own.Content.ReadAsStringAsync()).TrimStart('\uFEFF')).Count);
        Assert.NotEqual(HttpStatusCode.OK, nobody.StatusCode);
        Assert.DoesNotContain("Item id", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writer_FlushesWhileRowsAreStillBeingRead_AndQuotesEveryAwkwardValue()
    {
        using var output = new MemoryStream();
        var seenBeforeEnd = -1L;

        async IAsyncEnumerable<RunExportRow> Rows()
        {
            for (var i = 1; i <= 2000; i++)
            {
                if (i == 1500)
                {
                    seenBeforeEnd = output.Length;
                }

                await Task.Yield();
                yield return new RunExportRow(i, i, i == 1 ? "a,b\r\nc \"d\"" : "@x", ItemStatus.Failed, "c", "+7", null, null, "plain");
            }
        }

        var count = await RunExport.WriteCsvAsync(Rows(), CrmEntityType.Lead, output, code => $"text of {code}");

        Assert.Equal(2000, count);
        Assert.True(seenBeforeEnd > 0, "nothing was written before the last row was read");
        var rows = AppHttp.ParseCsv(Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF'));
        Assert.Equal(2001, rows.Count);
        Assert.Equal(AwkwardRow, rows[1]);
        Assert.Equal("'@x", rows[2][3]);
        Assert.Equal("", Portal.Hosting.CsvFile.Field(null));
        Assert.Equal("\"'=1,2\"", Portal.Hosting.CsvFile.Field("=1,2"));
        Assert.Equal("\"\"\"\"", Portal.Hosting.CsvFile.Field("\""));
    }

    [Fact]
    public async Task Support_ReadsTheRun_ButMayNeitherStopNorRerunIt_EvenWithARoleThatManagesScenarios()
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Wait("1.00:00:00"), RunTestKit.Comment("After"));
        var deal = await _kit.Data.DealAsync("Support cannot stop", manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        Assert.True(launch.Launched, launch.ErrorCode);
        var support = await _kit.Data.UserAsync("Support Control", null, PortalRoles.Support, await ScenarioManagingRoleAsync());
        var control = app.Services.GetRequiredService<RunControl>();
        var queries = app.Services.GetRequiredService<RunQueries>();

        var summary = await queries.GetAsync(support.Id, launch.RunId!.Value);
        var stop = await control.StopAsync(support.Id, launch.RunId.Value);
        var (rerun, rerunLaunch) = await control.RerunFailedAsync(support.Id, launch.RunId.Value);

        Assert.NotNull(summary);
        Assert.False(summary.MayControl);
        Assert.Equal(RunCommandStatus.NoAccess, stop);
        Assert.Equal(RunCommandStatus.NoAccess, rerun);
        Assert.Null(rerunLaunch);
        Assert.True((await _kit.WithDbAsync(db => db.ScenarioRuns.SingleAsync(r => r.Id == launch.RunId.Value))).Status.IsActive());
        Assert.Equal(RunCommandStatus.Ok, await control.StopAsync(manager.Id, launch.RunId.Value));
    }

    [Fact]
    public async Task EntityRuns_AreTheRunsOnTheRecord_NewestFirst_AsFarAsTheUserMayReadThem()
    {
        var first = await _kit.ManagerAsync();
        var second = await _kit.ManagerAsync();
        var support = await _kit.Data.UserAsync("Entity Support", null, PortalRoles.Support);
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("x"));
        var deal = await _kit.Data.DealAsync("Twice run", first);
        var other = await _kit.Data.DealAsync("Other", first);
        var byFirst = await _kit.FinishedAsync((await _kit.LaunchAsync(scenario, first, [deal.Id, other.Id])).RunId!.Value);
        var bySecond = await _kit.FinishedAsync((await _kit.LaunchAsync(scenario, second, [deal.Id])).RunId!.Value);
        await _kit.WithDbAsync(db => db.RunItems.Where(i => i.RunId == bySecond.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ItemStatus.Failed).SetProperty(i => i.ErrorCode, ErrorCodes.PhoneMissing)));
        await _kit.WithDbAsync(db => RunTotals.FreezeAsync(db, bySecond.Id, CancellationToken.None));

        var seenBySupport = await EntityRunsQuery.ForEntityAsync(Contexts, support.Id, CrmEntityType.Deal, deal.Id);
        var seenByFirst = await EntityRunsQuery.ForEntityAsync(Contexts, first.Id, CrmEntityType.Deal, deal.Id);
        var limited = await EntityRunsQuery.ForEntityAsync(Contexts, support.Id, CrmEntityType.Deal, deal.Id, take: 1);
        var asContact = await EntityRunsQuery.ForEntityAsync(Contexts, support.Id, CrmEntityType.Contact, deal.Id);
        var stranger = await _kit.ManagerAsync();

        Assert.Equal(new[] { bySecond.Id, byFirst.Id }, seenBySupport.Rows.Select(r => r.RunId));
        Assert.False(seenBySupport.More);
        var failed = seenBySupport.Rows[0];
        Assert.Equal((ItemStatus.Failed, ErrorCodes.PhoneMissing, scenario.Name), (failed.Status, failed.ErrorCode, failed.ScenarioName));
        Assert.Equal(ItemStatus.Completed, seenBySupport.Rows[1].Status);
        Assert.NotNull(seenBySupport.Rows[1].FinishedAt);
        Assert.Equal(new RunOutcome(RunOutcomeKind.AllFailed, 1, 1), failed.RunOutcome);
        Assert.Equal(new RunOutcome(RunOutcomeKind.Completed, 0, 2), seenBySupport.Rows[1].RunOutcome);
        Assert.Equal(new[] { byFirst.Id }, seenByFirst.Rows.Select(r => r.RunId));
        Assert.Equal(new[] { bySecond.Id }, limited.Rows.Select(r => r.RunId));
        Assert.True(limited.More);
        Assert.Empty(asContact.Rows);
        Assert.Empty((await EntityRunsQuery.ForEntityAsync(Contexts, stranger.Id, CrmEntityType.Deal, deal.Id)).Rows);
    }

    private const long EntityBase = 1_000_000_000;

    private static readonly string[] AwkwardRow = ["1", "Lead", "1", "a,b\r\nc \"d\"", "Failed", "c", "text of c", "'+7", "", "", "plain"];

    /// <summary>
    /// A finished run of one real deal (Cyrillic, comma and quotes in its title), then <paramref name="items"/> more items
    /// written straight in SQL: by entity number n, n % 4 = 0 failed with phone.invalid (a detail with quotes, a comma and a
    /// line break), 1 failed with provider.rejected (a formula), 2 completed (two steps, the last with output), 3 terminated.
    /// </summary>
    private async Task<(long RunId, PortalUser Manager, long DealId)> BigRunAsync(int items = Inserted)
    {
        var manager = await _kit.ManagerAsync();
        var scenario = await _kit.ScenarioAsync(RunTestKit.Comment("Export"));
        var deal = await _kit.Data.DealAsync(Title, manager);
        var launch = await _kit.LaunchAsync(scenario, manager, [deal.Id]);
        Assert.True(launch.Launched, launch.ErrorCode);
        var run = await _kit.FinishedAsync(launch.RunId!.Value);
        await _kit.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "RunItems" ("RunId", "EntityId", "Chunk", "Status", "NextStep", "StartedAt", "FinishedAt", "ErrorCode", "ErrorDetail", "UpdatedAt")
                SELECT {run.Id}, {EntityBase} + g, 999,
                       CASE g % 4 WHEN 0 THEN 3 WHEN 1 THEN 3 WHEN 2 THEN 2 ELSE 4 END,
                       CASE g % 4 WHEN 2 THEN 2 ELSE 0 END,
                       TIMESTAMPTZ '2026-01-02 03:04:00+00', TIMESTAMPTZ '2026-01-02 03:04:05+00',
                       CASE g % 4 WHEN 0 THEN 'phone.invalid' WHEN 1 THEN 'provider.rejected' END,
                       CASE g % 4 WHEN 0 THEN 'Номер "8-800", неверный' || chr(10) || 'строка ' || g WHEN 1 THEN '=HYPERLINK("http://evil","1")' END,
                       now()
                FROM generate_series(1, {items}) AS g
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "RunSteps" ("RunId", "ItemId", "EntityId", "StepIndex", "RobotKey", "Status", "Inputs", "Output", "StartedAt", "FinishedAt", "Attempts")
                SELECT i."RunId", i."Id", i."EntityId", s, 'crm.add_comment', 0, {"{}"}::jsonb,
                       CASE s WHEN 0 THEN 'first' ELSE '-1 point, "ok"' END, now(), now(), 1
                FROM "RunItems" i CROSS JOIN generate_series(0, 1) AS s
                WHERE i."RunId" = {run.Id} AND i."Status" = 2 AND i."EntityId" >= {EntityBase} AND (i."EntityId" - {EntityBase}) % 100 = 2
                """);
        });
        return (run.Id, manager, deal.Id);
    }

    private async Task<string> ScenarioManagingRoleAsync()
    {
        var role = new CrmRole($"scenarios-{Guid.NewGuid():N}");
        role.AllowScenarioManagement(true);
        await _kit.WithDbAsync(async db =>
        {
            db.CrmRoles.Add(role);
            await db.SaveChangesAsync();
        });
        return role.Name;
    }
}
