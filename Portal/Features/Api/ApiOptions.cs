using System.ComponentModel.DataAnnotations;

namespace Portal.Features.Api;

/// <summary>The "Portal:Api" section: how much one token may ask of the API.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Portal:Api";

    /// <summary>Requests one token may make in a minute; more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 600;
}
