using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Data;
using Portal.Data.Configurations.Scenarios;
using Portal.Domain.Runs;

namespace Portal.Features.Engine;

/// <summary>
/// Writes a round's step records and item progress on the round's own connection and transaction, in two
/// statements instead of one per row: the records by binary COPY, the items by one UPDATE from arrays. The round
/// commits them together with its effects, exactly as before; only the number of round trips changed.
/// </summary>
internal static class RoundWriter
{
    private const string CopySteps =
        """
        COPY "RunSteps" ("RunId", "ItemId", "EntityId", "StepIndex", "RobotKey", "Status", "Inputs", "Output", "ErrorCode", "ErrorDetail", "StartedAt", "FinishedAt", "Attempts")
        FROM STDIN (FORMAT BINARY)
        """;

    private const string UpdateItems =
        """
        UPDATE "RunItems" AS i
        SET "Status" = u.status, "NextStep" = u.next_step, "ResumeAt" = u.resume_at, "StartedAt" = u.started_at,
            "FinishedAt" = u.finished_at, "ErrorCode" = u.error_code, "ErrorDetail" = u.error_detail, "UpdatedAt" = u.updated_at
        FROM unnest(@ids, @statuses, @next_steps, @resume_at, @started_at, @finished_at, @error_codes, @error_details, @updated_at)
            AS u(id, status, next_step, resume_at, started_at, finished_at, error_code, error_detail, updated_at)
        WHERE i."Id" = u.id
        """;

    /// <summary>Appends the step records (their ids come from the identity column; the unique item-and-step index still refuses a repeat).</summary>
    public static async Task WriteStepsAsync(PortalDbContext db, IReadOnlyCollection<RunStep> steps, CancellationToken cancellationToken)
    {
        if (steps.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(CopySteps, cancellationToken);
        foreach (var step in steps)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(step.RunId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(step.ItemId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(step.EntityId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(step.StepIndex, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(step.RobotKey, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync((short)step.Status, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(JsonColumn.Serialize(step.Inputs), NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(importer, step.Output, cancellationToken);
            await WriteNullableAsync(importer, step.ErrorCode, cancellationToken);
            await WriteNullableAsync(importer, step.ErrorDetail, cancellationToken);
            await importer.WriteAsync(step.StartedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(step.FinishedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(step.Attempts, NpgsqlDbType.Integer, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Writes every given item's progress (status, next step, wait, times, error) in one statement.</summary>
    public static async Task WriteItemsAsync(PortalDbContext db, IReadOnlyCollection<RunItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(UpdateItems, connection);
        command.Parameters.Add(Array("ids", NpgsqlDbType.Bigint, items.Select(i => i.Id).ToArray()));
        command.Parameters.Add(Array("statuses", NpgsqlDbType.Smallint, items.Select(i => (short)i.Status).ToArray()));
        command.Parameters.Add(Array("next_steps", NpgsqlDbType.Integer, items.Select(i => i.NextStep).ToArray()));
        command.Parameters.Add(Array("resume_at", NpgsqlDbType.TimestampTz, items.Select(i => i.ResumeAt).ToArray()));
        command.Parameters.Add(Array("started_at", NpgsqlDbType.TimestampTz, items.Select(i => i.StartedAt).ToArray()));
        command.Parameters.Add(Array("finished_at", NpgsqlDbType.TimestampTz, items.Select(i => i.FinishedAt).ToArray()));
        command.Parameters.Add(Array("error_codes", NpgsqlDbType.Varchar, items.Select(i => i.ErrorCode).ToArray()));
        command.Parameters.Add(Array("error_details", NpgsqlDbType.Varchar, items.Select(i => i.ErrorDetail).ToArray()));
        command.Parameters.Add(Array("updated_at", NpgsqlDbType.TimestampTz, items.Select(i => i.UpdatedAt).ToArray()));
        var updated = await command.ExecuteNonQueryAsync(cancellationToken);
        if (updated != items.Count)
        {
            throw new InvalidOperationException($"{updated} of {items.Count} run items were updated.");
        }
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
        }
    }
}
