namespace Portal.Connectors.WhatsApp;

/// <summary>
/// The next free sending slot of a line, shared by every worker process through PostgreSQL: each message takes
/// the slot and moves it on by 1 / rate, so all workers together never go faster than the line allows.
/// </summary>
public sealed class LineThrottle
{
    public int LineId { get; set; }

    public DateTimeOffset NextSlotAt { get; set; }
}
