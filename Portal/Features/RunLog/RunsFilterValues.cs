using System.Globalization;
using Portal.Domain.Runs;

namespace Portal.Features.RunLog;

/// <summary>
/// What the runs list's filter bar shows and the user edits: read from the address when the list opens, put back into
/// the address (<see cref="ToQuery"/>) when the user applies it.
/// </summary>
public sealed class RunsFilterValues
{
    /// <summary>How the dates are written in the address (<c>?from=2026-01-31</c>).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    public long? ScenarioId { get; set; }

    public RunOutcomeKind? Outcome { get; set; }

    public string? LaunchedById { get; set; }

    public RunSource? Source { get; set; }

    public DateTime? From { get; set; }

    public DateTime? To { get; set; }

    /// <summary>Nothing chosen: every run the user may read.</summary>
    public void Clear() => (ScenarioId, Outcome, LaunchedById, Source, From, To) = (null, null, null, null, null, null);

    /// <summary>The address's query for these values (a cleared value leaves its parameter out).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["scenario"] = ScenarioId?.ToString(CultureInfo.InvariantCulture),
        ["status"] = Outcome?.ToString(),
        ["by"] = LaunchedById,
        ["source"] = Source?.ToString(),
        ["from"] = From?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["to"] = To?.ToString(DateFormat, CultureInfo.InvariantCulture),
    };
}
