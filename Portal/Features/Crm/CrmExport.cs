using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Domain.Crm;
using Portal.Domain.Rights;
using Portal.Domain.Security;
using Portal.Features.Account;
using Portal.Features.Crm.Companies;
using Portal.Features.Crm.Contacts;
using Portal.Features.Crm.Deals;
using Portal.Features.Crm.Leads;
using Portal.Hosting;
using Portal.Localization;

namespace Portal.Features.Crm;

/// <summary>
/// A CRM list as CSV (<c>/crm/deals/export.csv?…</c>): the list's filter (from the address) and columns, for users with
/// the Export right on the type, over the records the list shows them that their Export scope also reaches, in id
/// order. Streamed as it is read, so the cap (<see cref="MaxRows"/>) is ten launches' worth rather than one: a report
/// is bigger than a broadcast, and a hundred thousand rows cost the server no more memory than ten.
/// </summary>
public static class CrmExport
{
    public const int MaxRows = 100_000;

    public static IEndpointRouteBuilder MapCrmExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/crm/{list}/export.csv", ExportAsync).RequireAuthorization(AreaAccess.PolicyName(PortalArea.Crm));
        return endpoints;
    }

    /// <summary>The export's address for a list and its filter.</summary>
    public static string Path(CrmEntityType type, CrmListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return $"/crm/{ListOf(type)}/export.csv{filter.ToQuery()}";
    }

    private static string ListOf(CrmEntityType type) => type switch
    {
        CrmEntityType.Company => "companies",
        _ => type.ToString().ToLowerInvariant() + "s",
    };

    private static async Task<IResult> ExportAsync(
        HttpContext http,
        string list,
        [FromQuery] string? search,
        [FromQuery] string? responsible,
        [FromQuery(Name = "stage")] int[]? stages,
        [FromQuery(Name = "status")] int[]? statuses,
        [FromQuery] DateOnly? createdFrom,
        [FromQuery] DateOnly? createdTo,
        [FromQuery] decimal? amountFrom,
        [FromQuery] decimal? amountTo,
        CrmAccess crmAccess,
        DealQueries deals,
        IDbContextFactory<PortalDbContext> contextFactory,
        IStringLocalizer<SharedResource> localizer,
        TimeProvider clock)
    {
        if (Enum.GetValues<CrmEntityType>().Where(t => ListOf(t) == list).Select(t => (CrmEntityType?)t).FirstOrDefault() is not { } type)
        {
            return TypedResults.NotFound();
        }

        var filter = new CrmListFilter(
            search, responsible, stages is { Length: > 0 } ? stages : null, statuses is { Length: > 0 } ? statuses : null, createdFrom, createdTo, amountFrom, amountTo);
        if (filter.UnfitField(type) is not null)
        {
            return TypedResults.BadRequest();
        }

        var cancellationToken = http.RequestAborted;
        var access = await crmAccess.ForUserAsync(http.User.UserId()!, cancellationToken);
        if (!access.Rights.HasAny(type, CrmAction.Export))
        {
            return TypedResults.Forbid();
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var zone = clock.LocalTimeZone;
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        string Text(string key) => localizer[key].Value;
        string Number(long id) => id.ToString(CultureInfo.InvariantCulture);

        async Task<IResult> WriteAsync<T, TRow>(IQueryable<T> shown, Func<IQueryable<T>, IQueryable<TRow>> rows, string[] header, Func<TRow, string?[]> values)
            where T : CrmRecord
        {
            var exportable = CrmAccess.Where(shown, access.RuleFor(type, CrmAction.Export), db.Users);
            if (await exportable.LongCountAsync(cancellationToken) > MaxRows)
            {
                return TypedResults.Text(localizer["Crm.Export.TooMany", MaxRows.ToString("N0", CultureInfo.CurrentCulture)].Value, statusCode: StatusCodes.Status409Conflict);
            }

            CsvFile.Attach(http.Response, $"{list}-{clock.GetLocalNow():yyyy-MM-dd}.csv");
            await CsvFile.WriteAsync(rows(exportable.OrderBy(r => r.Id)).AsAsyncEnumerable(), header, values, http.Response.Body, cancellationToken);
            return Results.Empty;
        }

        return type switch
        {
            CrmEntityType.Deal => await WriteAsync(
                deals.Filtered(db, access, filter.Deals), r => DealQueries.Rows(db, r),
                ["Id", Text("Crm.Title"), Text("Crm.Stage"), Text("Crm.Amount"), Text("Crm.Currency"), Text("Crm.Contact"), Text("Crm.Company"), Text("Crm.Responsible"), Text("Crm.Created")],
                d => [Number(d.Id), d.Title, d.StageName, d.Amount.ToString(CultureInfo.InvariantCulture), d.Currency, d.ContactName, d.CompanyName, d.ResponsibleName, Local(d.CreatedAt)]),
            CrmEntityType.Lead => await WriteAsync(
                LeadQueries.Filtered(db, access, filter.Leads), r => LeadQueries.Rows(db, r),
                ["Id", Text("Crm.Title"), Text("Settings.Users.Name"), Text("Crm.Status"), Text("Crm.Phone"), Text("Crm.Responsible"), Text("Crm.Created")],
                l => [Number(l.Id), l.Title, l.Name, l.StatusName, l.Phone, l.ResponsibleName, Local(l.CreatedAt)]),
            CrmEntityType.Contact => await WriteAsync(
                ContactQueries.Filtered(db, access, filter.Contacts), r => ContactQueries.Rows(db, r),
                ["Id", Text("Settings.Users.Name"), Text("Crm.Phone"), Text("Crm.Company"), Text("Crm.Responsible"), Text("Crm.Created")],
                c => [Number(c.Id), c.Name, c.Phone, c.CompanyName, c.ResponsibleName, Local(c.CreatedAt)]),
            _ => await WriteAsync(
                CompanyQueries.Filtered(db, access, filter.Companies), r => CompanyQueries.Rows(db, r),
                ["Id", Text("Crm.CompanyName"), Text("Crm.Industry"), Text("Crm.Phone"), Text("Crm.Type.Contact"), Text("Crm.Responsible"), Text("Crm.Created")],
                c => [Number(c.Id), c.Name, c.Industry, c.Phone, c.Contacts.ToString(CultureInfo.InvariantCulture), c.ResponsibleName, Local(c.CreatedAt)]),
        };
    }
}
