using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Runs;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Crm;
using Portal.Hosting;
using Portal.Localization;

namespace Portal.Features.RunLog;

/// <summary>One line of a run's CSV export.</summary>
public sealed record RunExportRow(
    long ItemId,
    long EntityId,
    string? EntityTitle,
    ItemStatus Status,
    string? ErrorCode,
    string? ErrorDetail,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? LastOutput)
{
    /// <summary>The reader may not read the record now (<see cref="RecordSight"/>): only the item's status and error code are written.</summary>
    public bool RecordHidden { get; init; }

    /// <summary>The row as a reader who may not read its record sees it.</summary>
    public RunExportRow Hidden() => this with { EntityTitle = null, ErrorDetail = null, LastOutput = null, RecordHidden = true };
}

/// <summary>An error code of a run's items and how many items failed with it.</summary>
public sealed record ErrorCodeCount(string Code, int Count);

/// <summary>
/// A run's items as CSV (<see cref="CsvFile"/>), written row by row as they are read, and the error
/// codes of a run for the run page's filter. Who may read a run is <see cref="RunQueries.MayReadAsync"/>.
/// </summary>
public static class RunExport
{
    private static readonly string[] Header =
    [
        "Item id", "Entity type", "Entity id", "Entity title", "Status", "Error code", "Error text", "Error detail", "Started (UTC)", "Finished (UTC)",
        "Last step output",
    ];

    /// <summary>The run, when it exists and the user may read it.</summary>
    public static async Task<ScenarioRun?> ReadableRunAsync(PortalDbContext db, string userId, long runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var run = await db.ScenarioRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is not null && await RunQueries.MayReadAsync(db, userId, run, cancellationToken) ? run : null;
    }

    /// <summary>The error codes of the run's items with their counts, most frequent first (empty when the user may not read the run).</summary>
    public static async Task<IReadOnlyList<ErrorCodeCount>> ErrorCodesAsync(
        IDbContextFactory<PortalDbContext> contextFactory, string userId, long runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await ReadableRunAsync(db, userId, runId, cancellationToken) is null)
        {
            return [];
        }

        var counts = await db.RunItems.Where(i => i.RunId == runId && i.ErrorCode != null)
            .GroupBy(i => i.ErrorCode!)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.OrderByDescending(c => c.Count).ThenBy(c => c.Code, StringComparer.Ordinal).Select(c => new ErrorCodeCount(c.Code, c.Count)).ToList();
    }

    /// <summary>The run's items in launch order with their record's title and the last step's output, as one query (to be streamed).</summary>
    public static IQueryable<RunExportRow> Rows(PortalDbContext db, ScenarioRun run, ItemStatus? status, string? errorCode)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(run);
        var items = db.RunItems.AsNoTracking().Where(i => i.RunId == run.Id);
        if (status is { } wanted)
        {
            items = items.Where(i => i.Status == wanted);
        }

        if (!string.IsNullOrEmpty(errorCode))
        {
            items = items.Where(i => i.ErrorCode == errorCode);
        }

        return items.OrderBy(i => i.Id).Select(Projection(db, run.EntityType));
    }

    /// <summary>
    /// Writes the rows as CSV (<see cref="CsvFile"/>); returns the number of rows written. The error text comes from
    /// <paramref name="errorText"/> (asked once per code); the detail from <paramref name="errorDetail"/> (given the code
    /// and the stored detail), or as stored when there is none. A hidden record's row has no entity id and
    /// <paramref name="hiddenTitle"/> for its title.
    /// </summary>
    public static Task<int> WriteCsvAsync(
        IAsyncEnumerable<RunExportRow> rows,
        CrmEntityType entityType,
        Stream output,
        Func<string, string> errorText,
        Func<string?, string?, string?>? errorDetail = null,
        string hiddenTitle = "Hidden record",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errorText);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        return CsvFile.WriteAsync(rows, Header, row =>
        {
            var text = row.ErrorCode is null ? null
                : texts.TryGetValue(row.ErrorCode, out var known) ? known
                : texts[row.ErrorCode] = errorText(row.ErrorCode);
            return
            [
                row.ItemId.ToString(CultureInfo.InvariantCulture), entityType.ToString(),
                row.RecordHidden ? null : row.EntityId.ToString(CultureInfo.InvariantCulture), row.RecordHidden ? hiddenTitle : row.EntityTitle,
                row.Status.ToString(), row.ErrorCode, text, errorDetail is null ? row.ErrorDetail : errorDetail(row.ErrorCode, row.ErrorDetail), Iso(row.StartedAt), Iso(row.FinishedAt), row.LastOutput,
            ];
        }, output, cancellationToken);
    }

    private static string? Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Expression<Func<RunItem, RunExportRow>> Projection(PortalDbContext db, CrmEntityType type) => type switch
    {
        CrmEntityType.Deal => i => new RunExportRow(
            i.Id, i.EntityId, db.Deals.Where(r => r.Id == i.EntityId).Select(r => r.Title).FirstOrDefault(), i.Status, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt,
            db.RunSteps.Where(s => s.ItemId == i.Id).OrderByDescending(s => s.StepIndex).Select(s => s.Output).FirstOrDefault()),
        CrmEntityType.Lead => i => new RunExportRow(
            i.Id, i.EntityId, db.Leads.Where(r => r.Id == i.EntityId).Select(r => r.Title).FirstOrDefault(), i.Status, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt,
            db.RunSteps.Where(s => s.ItemId == i.Id).OrderByDescending(s => s.StepIndex).Select(s => s.Output).FirstOrDefault()),
        CrmEntityType.Company => i => new RunExportRow(
            i.Id, i.EntityId, db.Companies.Where(r => r.Id == i.EntityId).Select(r => r.Name).FirstOrDefault(), i.Status, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt,
            db.RunSteps.Where(s => s.ItemId == i.Id).OrderByDescending(s => s.StepIndex).Select(s => s.Output).FirstOrDefault()),
        _ => i => new RunExportRow(
            i.Id, i.EntityId,
            db.Contacts.Where(r => r.Id == i.EntityId).Select(r => r.FirstName + (r.LastName == null ? "" : " " + r.LastName)).FirstOrDefault(),
            i.Status, i.ErrorCode, i.ErrorDetail, i.StartedAt, i.FinishedAt,
            db.RunSteps.Where(s => s.ItemId == i.Id).OrderByDescending(s => s.StepIndex).Select(s => s.Output).FirstOrDefault()),
    };
}

public static class RunExportEndpoints
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static IEndpointRouteBuilder MapRunExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/runs/{id:long}/items.csv", ExportAsync).RequireAuthorization(AreaAccess.PolicyName(PortalArea.Runs));
        return endpoints;
    }

    /// <summary>
    /// The run's items as CSV, with the run page's filters; 404 for a run that does not exist or that the user may not
    /// read, 400 for an unknown status. Both answers are empty: the portal's not-found page fills a browser's, a problem
    /// an API client's (<see cref="Api.ApiErrors"/>).
    /// </summary>
    public static async Task<IResult> ExportAsync(
        HttpContext http,
        long id,
        [FromQuery] string? status,
        [FromQuery] string? error,
        IDbContextFactory<PortalDbContext> contextFactory,
        CrmAccess access,
        IStringLocalizer<SharedResource> localizer)
    {
        ItemStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ItemStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.BadRequest();
            }

            wanted = parsed;
        }

        var userId = http.User.UserId() ?? string.Empty;
        var cancellationToken = http.RequestAborted;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await RunExport.ReadableRunAsync(db, userId, id, cancellationToken) is not { } run)
        {
            return TypedResults.NotFound();
        }

        var sight = await RecordSight.OfAsync(db, access, userId, cancellationToken);

        CsvFile.Attach(http.Response, $"run-{run.Id}-items.csv");

        // The error texts and details are English in the file, whatever the user's language.
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = English;
        try
        {
            var rows = sight.MaskAsync(RunExport.Rows(db, run, wanted, error).AsAsyncEnumerable(), contextFactory, run.EntityType, r => r.EntityId, r => r.Hidden(), cancellationToken);
            await RunExport.WriteCsvAsync(
                rows, run.EntityType, http.Response.Body, code => localizer[$"ErrorCode.{code}"].Value, (code, detail) => ErrorTexts.Detail(localizer, code, detail),
                localizer["Runs.RecordHidden"].Value, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        return Results.Empty;
    }
}
