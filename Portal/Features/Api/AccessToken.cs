namespace Portal.Features.Api;

/// <summary>
/// A personal access token: lets other software call the API as its user, with that user's rights as they stand at
/// each request. Only a hash of the token is kept; the token itself is shown once, when it is made.
/// </summary>
public sealed class AccessToken
{
    public const int NameMaxLength = 100;

    /// <summary>How long a token may live at most.</summary>
    public const int MaxDays = 365;

    /// <summary>What every token starts with, so that a leaked one is recognised (by people and by secret scanners).</summary>
    public const string Prefix = "ptl_";

    /// <summary>How much of the token is kept in clear, to tell one from another in a list.</summary>
    public const int HintLength = 10;

    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The token's start (<see cref="HintLength"/> characters), for lists.</summary>
    public string Hint { get; set; } = string.Empty;

    /// <summary>SHA-256 of the token, hex: a token is looked up by it.</summary>
    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it: the user, or an administrator.</summary>
    public string? RevokedById { get; set; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
