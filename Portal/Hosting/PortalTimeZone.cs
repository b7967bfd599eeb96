namespace Portal.Hosting;

/// <summary>The portal's configured time zone (<see cref="PortalOptions.TimeZone"/>), read once at start-up.</summary>
public sealed class PortalTimeZone
{
    public PortalTimeZone(string id)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            throw new InvalidOperationException($"{PortalOptions.SectionName}:TimeZone \"{id}\" is not a time zone this machine knows (use an IANA id such as Europe/Moscow or UTC).");
        }

        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    public static PortalTimeZone Utc { get; } = new("UTC");
}
