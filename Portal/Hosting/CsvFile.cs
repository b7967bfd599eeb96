using System.Text;

namespace Portal.Hosting;

/// <summary>
/// CSV as the portal's exports write it: UTF-8 with a byte order mark (so a spreadsheet reads Cyrillic), CRLF line
/// ends, RFC 4180 quoting and a guard against formulas; streamed row by row and flushed as it goes, never buffered whole.
/// </summary>
public static class CsvFile
{
    public const int FlushEvery = 500;

    /// <summary>Makes the answer a CSV download named <paramref name="fileName"/>, never cached.</summary>
    public static void Attach(HttpResponse response, string fileName)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>Writes the header and a line per row, flushing every <see cref="FlushEvery"/> rows; returns the rows written.</summary>
    public static async Task<int> WriteAsync<T>(
        IAsyncEnumerable<T> rows, IReadOnlyList<string> header, Func<T, string?[]> values, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(values);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Line(header));
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Line(values(row)));
            if (++count % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled, RFC 4180); a value a spreadsheet
    /// would take for a formula (starting with = + - @, tab or carriage return) gets a leading apostrophe.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Field));
}
