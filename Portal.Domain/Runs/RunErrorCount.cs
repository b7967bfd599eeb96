namespace Portal.Domain.Runs;

/// <summary>
/// How many of a finished run's items failed with one error code, written once when the run is over (its items do
/// not change after that). A run still going has none: its counts are read from its items.
/// </summary>
public sealed class RunErrorCount
{
    private RunErrorCount()
    {
    }

    public long RunId { get; private set; }

    public string ErrorCode { get; private set; } = string.Empty;

    public int Count { get; private set; }
}
