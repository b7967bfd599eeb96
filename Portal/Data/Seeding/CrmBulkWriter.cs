using Npgsql;
using NpgsqlTypes;
using Portal.Domain.Crm;

namespace Portal.Data.Seeding;

/// <summary>A record together with the id reserved for it (the domain leaves ids to the database).</summary>
internal readonly record struct WithId<T>(long Id, T Record);

/// <summary>
/// Writes CRM records with PostgreSQL's binary COPY, the fastest way in. Ids of records come from
/// an <see cref="IdRange"/> (COPY writes identity columns as given); phones and timeline rows get
/// theirs from their sequences. Column names are the model's property names, as EF maps them.
/// </summary>
internal sealed class CrmBulkWriter(NpgsqlConnection connection)
{
    private static readonly string[] RecordColumns =
    [
        nameof(CrmRecord.ResponsibleId), nameof(CrmRecord.CreatedAt), nameof(CrmRecord.CreatedById),
        nameof(CrmRecord.ModifiedAt), nameof(CrmRecord.ModifiedById),
    ];

    /// <summary>Phone rows written so far.</summary>
    public long Phones { get; private set; }

    /// <summary>Timeline comments written so far.</summary>
    public long Comments { get; private set; }

    public async Task CompaniesAsync(IReadOnlyCollection<WithId<Company>> companies, CancellationToken cancellationToken)
    {
        string[] columns = [nameof(Company.Id), nameof(Company.Name), nameof(Company.Industry), .. RecordColumns, nameof(Company.Emails)];
        await CopyAsync("Companies", columns, companies, async (row, c) =>
        {
            await row.WriteAsync(c.Id, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(c.Record.Name, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.Record.Industry, NpgsqlDbType.Varchar, cancellationToken);
            await WriteRecordAsync(row, c.Record, cancellationToken);
            await WriteEmailsAsync(row, c.Record, cancellationToken);
        }, cancellationToken);
        await PhonesAsync("CompanyPhones", companies, cancellationToken);
    }

    public async Task ContactsAsync(IReadOnlyCollection<WithId<Contact>> contacts, CancellationToken cancellationToken)
    {
        string[] columns = [nameof(Contact.Id), nameof(Contact.FirstName), nameof(Contact.LastName), nameof(Contact.CompanyId), .. RecordColumns, nameof(Contact.Emails)];
        await CopyAsync("Contacts", columns, contacts, async (row, c) =>
        {
            await row.WriteAsync(c.Id, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(c.Record.FirstName, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.Record.LastName, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.Record.CompanyId, NpgsqlDbType.Bigint, cancellationToken);
            await WriteRecordAsync(row, c.Record, cancellationToken);
            await WriteEmailsAsync(row, c.Record, cancellationToken);
        }, cancellationToken);
        await PhonesAsync("ContactPhones", contacts, cancellationToken);
    }

    public async Task LeadsAsync(IReadOnlyCollection<WithId<Lead>> leads, CancellationToken cancellationToken)
    {
        string[] columns = [nameof(Lead.Id), nameof(Lead.Title), nameof(Lead.Name), nameof(Lead.StatusId), .. RecordColumns, nameof(Lead.Emails)];
        await CopyAsync("Leads", columns, leads, async (row, l) =>
        {
            await row.WriteAsync(l.Id, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(l.Record.Title, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(l.Record.Name, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(l.Record.StatusId, NpgsqlDbType.Integer, cancellationToken);
            await WriteRecordAsync(row, l.Record, cancellationToken);
            await WriteEmailsAsync(row, l.Record, cancellationToken);
        }, cancellationToken);
        await PhonesAsync("LeadPhones", leads, cancellationToken);
    }

    public Task DealsAsync(IReadOnlyCollection<WithId<Deal>> deals, CancellationToken cancellationToken)
    {
        string[] columns =
        [
            nameof(Deal.Id), nameof(Deal.Title), nameof(Deal.PipelineId), nameof(Deal.StageId), nameof(Deal.Amount),
            nameof(Deal.Currency), nameof(Deal.ContactId), nameof(Deal.CompanyId), nameof(Deal.Source), .. RecordColumns,
        ];
        return CopyAsync("Deals", columns, deals, async (row, d) =>
        {
            await row.WriteAsync(d.Id, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(d.Record.Title, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(d.Record.PipelineId, NpgsqlDbType.Integer, cancellationToken);
            await row.WriteAsync(d.Record.StageId, NpgsqlDbType.Integer, cancellationToken);
            await row.WriteAsync(d.Record.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await row.WriteAsync(d.Record.Currency, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(d.Record.ContactId, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(d.Record.CompanyId, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(d.Record.Source, NpgsqlDbType.Varchar, cancellationToken);
            await WriteRecordAsync(row, d.Record, cancellationToken);
        }, cancellationToken);
    }

    public async Task CommentsAsync(IReadOnlyCollection<DemoComment> comments, CancellationToken cancellationToken)
    {
        string[] columns =
        [
            nameof(TimelineEntry.EntityType), nameof(TimelineEntry.EntityId), nameof(TimelineEntry.Kind),
            nameof(TimelineEntry.Text), nameof(TimelineEntry.AuthorId), nameof(TimelineEntry.CreatedAt),
        ];
        await CopyAsync("TimelineEntries", columns, comments, async (row, c) =>
        {
            await row.WriteAsync(nameof(CrmEntityType.Deal), NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.DealId, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(nameof(TimelineKind.Comment), NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.Text, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.AuthorId, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }, cancellationToken);
        Comments += comments.Count;
    }

    private static async Task WriteRecordAsync(NpgsqlBinaryImporter row, CrmRecord record, CancellationToken cancellationToken)
    {
        await row.WriteAsync(record.ResponsibleId, NpgsqlDbType.Varchar, cancellationToken);
        await row.WriteAsync(record.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await row.WriteAsync(record.CreatedById, NpgsqlDbType.Varchar, cancellationToken);
        await row.WriteAsync(record.ModifiedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await row.WriteAsync(record.ModifiedById, NpgsqlDbType.Varchar, cancellationToken);
    }

    private static Task WriteEmailsAsync(NpgsqlBinaryImporter row, CrmRecordWithContacts record, CancellationToken cancellationToken) =>
        row.WriteAsync(record.Emails.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);

    /// <summary>The owners' phones, into the owned table ("ContactPhones", …) that EF maps them to.</summary>
    private async Task PhonesAsync<T>(string table, IEnumerable<WithId<T>> owners, CancellationToken cancellationToken)
        where T : CrmRecordWithContacts
    {
        var phones = owners.SelectMany(o => o.Record.Phones.Select(phone => (OwnerId: o.Id, Phone: phone))).ToList();
        string[] columns = ["OwnerId", nameof(PhoneNumber.Number), nameof(PhoneNumber.Digits), nameof(PhoneNumber.Type)];
        await CopyAsync(table, columns, phones, async (row, p) =>
        {
            await row.WriteAsync(p.OwnerId, NpgsqlDbType.Bigint, cancellationToken);
            await row.WriteAsync(p.Phone.Number, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(p.Phone.Digits, NpgsqlDbType.Varchar, cancellationToken);
            await row.WriteAsync(p.Phone.Type.ToString(), NpgsqlDbType.Varchar, cancellationToken);
        }, cancellationToken);
        Phones += phones.Count;
    }

    private async Task CopyAsync<T>(
        string table,
        IEnumerable<string> columns,
        IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> writeRow,
        CancellationToken cancellationToken)
    {
        var command = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(command, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await writeRow(importer, row);
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
