namespace Portal.Localization;

/// <summary>
/// Marker for the portal's one resource set: <c>Resources/Localization.SharedResource.resx</c> (English)
/// and <c>.ru.resx</c> (Russian). Every user-facing text goes through
/// <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>, never instantiated
public sealed class SharedResource
#pragma warning restore CA1052
{
    private SharedResource()
    {
    }
}
