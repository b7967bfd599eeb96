using System.Text.RegularExpressions;
using Npgsql;
using Quartz;

namespace Portal.Jobs;

/// <summary>
/// Creates Quartz's tables (prefix <c>qrtz_</c>) from the script embedded in the Quartz assembly, so
/// the schema always matches the Quartz version in use. Every statement is "create if missing",
/// so running it on each start-up is safe; it runs under the start-up advisory lock.
/// </summary>
public static class QuartzSchema
{
    public const string TablePrefix = "qrtz_";
    private const string ScriptResource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    // Statements are separated by a line reading exactly "--;;" (the header comment mentions it too).
    private static readonly Regex StatementSeparator = new(@"^--;;[ \t\r]*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public static async Task ProvisionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var statement in Statements())
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static IEnumerable<string> Statements()
    {
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"Quartz no longer embeds {ScriptResource}.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd()
            .Replace("{0}", TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", TablePrefix, StringComparison.Ordinal);
        return StatementSeparator.Split(script)
            .Select(piece => piece.Trim())
            .Where(ContainsSql)
            .ToList();
    }

    private static bool ContainsSql(string piece) =>
        piece.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
}
