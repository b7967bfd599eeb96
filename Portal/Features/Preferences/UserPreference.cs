namespace Portal.Features.Preferences;

/// <summary>One remembered choice of one user (say, the columns of the deals list), as JSON.</summary>
public sealed class UserPreference
{
    public const int KeyMaxLength = 100;

    public string UserId { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public string Json { get; set; } = "{}";

    public DateTimeOffset UpdatedAt { get; set; }
}
