using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Domain.Crm;

namespace Portal.Data.Seeding;

/// <summary>How many records of each kind a seeding run adds.</summary>
public sealed record DemoDataSize(int Deals, int Contacts, int Companies, int Leads)
{
    /// <summary>A CRM's usual proportions: two deals per contact, ten per company, five per lead.</summary>
    public static DemoDataSize ForDeals(int deals) => new(deals, deals / 2, deals / 10, deals / 5);
}

/// <summary>What a seeding run wrote, and how long it took.</summary>
public sealed record DemoDataSummary(DemoDataSize Size, long Phones, long Comments, TimeSpan Elapsed)
{
    public long Rows => Size.Deals + Size.Contacts + Size.Companies + Size.Leads + Phones + Comments;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Seeded {Size.Deals} deals, {Size.Contacts} contacts, {Size.Companies} companies, {Size.Leads} leads, " +
        $"{Phones} phones, {Comments} comments in {Elapsed.TotalSeconds:0.0} s ({Rows / Math.Max(Elapsed.TotalSeconds, 0.001):0} rows/s)");
}

/// <summary>
/// Adds demo CRM data: the demo organisation (departments, staff with CRM roles), then companies,
/// contacts, deals with comments and leads, written with binary COPY in batches. The records are
/// written in one transaction: a failed run leaves nothing behind. Running it again adds more.
/// </summary>
public sealed partial class DemoDataSeeder(
    PortalDbContext db,
    DemoOrganisationSeeder organisation,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    private const int BatchSize = 10_000;

    private static readonly string[] SeededTables = ["Companies", "Contacts", "Deals", "Leads"];

    public async Task<DemoDataSummary> SeedAsync(DemoDataSize size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(size);
        var started = clock.GetTimestamp();
        var owners = await organisation.SeedAsync(cancellationToken);

        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The trigram (GIN) indexes on titles, names and phone digits cost most of the time; a larger
        // pending list, merged with more memory, makes them about a fifth faster to fill.
        await ExecuteAsync(connection, "SET LOCAL work_mem = '128MB'; SET LOCAL gin_pending_list_limit = '64MB'", cancellationToken);
        var ids = await ReserveIdsAsync(connection, size, cancellationToken);
        var generator = new DemoDataGenerator(ids, owners, clock.GetUtcNow());
        var writer = new CrmBulkWriter(connection);

        await WriteAsync("companies", ids.Companies, id => new WithId<Company>(id, generator.NewCompany(id)), writer.CompaniesAsync, cancellationToken);
        await WriteAsync("contacts", ids.Contacts, id => new WithId<Contact>(id, generator.NewContact(id)), writer.ContactsAsync, cancellationToken);
        await WriteAsync("deals", ids.Deals, id => new WithId<Deal>(id, generator.NewDeal()), async (deals, token) =>
        {
            await writer.DealsAsync(deals, token);
            await writer.CommentsAsync([.. deals.SelectMany(d => generator.CommentsOn(d.Id, d.Record))], token);
        }, cancellationToken);
        await WriteAsync("leads", ids.Leads, id => new WithId<Lead>(id, generator.NewLead()), writer.LeadsAsync, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new DemoDataSummary(size, writer.Phones, writer.Comments, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Takes the ids of the new records. The tables are locked against other writers (readers go on)
    /// until the transaction ends, so nothing else can take an id from the middle of a range.
    /// </summary>
    private static async Task<DemoDataIds> ReserveIdsAsync(NpgsqlConnection connection, DemoDataSize size, CancellationToken cancellationToken)
    {
        var tables = string.Join(", ", SeededTables.Select(t => $"\"{t}\""));
        await ExecuteAsync(connection, $"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE", cancellationToken);

        return new DemoDataIds(
            await IdRange.ReserveAsync(connection, "Companies", size.Companies, cancellationToken),
            await IdRange.ReserveAsync(connection, "Contacts", size.Contacts, cancellationToken),
            await IdRange.ReserveAsync(connection, "Deals", size.Deals, cancellationToken),
            await IdRange.ReserveAsync(connection, "Leads", size.Leads, cancellationToken));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteAsync<T>(
        string kind,
        IdRange ids,
        Func<long, T> make,
        Func<IReadOnlyCollection<T>, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        foreach (var batch in ids.Batches(BatchSize))
        {
            await write([.. batch.Ids().Select(make)], cancellationToken);
        }

        var elapsed = clock.GetElapsedTime(started);
        LogWritten(logger, ids.Count, kind, elapsed.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} {Kind} written in {Seconds:0.0} s")]
    private static partial void LogWritten(ILogger logger, int count, string kind, double seconds);
}
