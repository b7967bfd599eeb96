using Npgsql;

namespace Portal.Data.Seeding;

/// <summary>
/// Consecutive ids taken from a table's identity sequence, so that rows written by COPY can
/// reference each other before they exist, and later inserts through EF continue after them.
/// </summary>
internal readonly record struct IdRange(long First, int Count)
{
    public long Last => First + Count - 1;

    /// <summary>The id at a position of the range (0 is <see cref="First"/>).</summary>
    public long At(long index) => First + index;

    public IEnumerable<IdRange> Batches(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        for (var offset = 0; offset < Count; offset += size)
        {
            yield return new IdRange(First + offset, Math.Min(size, Count - offset));
        }
    }

    public IEnumerable<long> Ids()
    {
        for (var id = First; id <= Last; id++)
        {
            yield return id;
        }
    }

    /// <summary>
    /// Advances the sequence of <paramref name="table"/>'s "Id" past <paramref name="count"/> ids and
    /// returns them. The caller holds a lock that keeps other writers out of the table meanwhile:
    /// nextval and setval are two steps another session's insert could slip between.
    /// </summary>
    public static async Task<IdRange> ReserveAsync(NpgsqlConnection connection, string table, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return default;
        }

        await using var command = new NpgsqlCommand(
            "SELECT setval(s, nextval(s) + @count - 1) - @count + 1 FROM pg_get_serial_sequence(@table, 'Id') AS s",
            connection);
        command.Parameters.AddWithValue("table", $"\"{table}\"");
        command.Parameters.AddWithValue("count", (long)count);
        var first = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new IdRange(first, count);
    }
}
