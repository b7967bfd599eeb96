namespace Portal.Features.Audit;

/// <summary>Which part of the portal an audit entry is about (the page's "what" filter).</summary>
public enum AuditArea
{
    Users,
    CrmRoles,
    Lines,
    WebhookHosts,
    Processes,
    Scenarios,
    Engine,
    SignIn,
    AccessTokens,
}

/// <summary>What was done.</summary>
public enum AuditAction
{
    Create,
    Save,
    Delete,
    Assign,
    Lock,
    Unlock,
    SetActive,
    Allow,
    Remove,
    Duplicate,
    Import,
    Move,
    Check,
    SignIn,
    SignInFailed,
    SignInLockedOut,
    SignInThrottled,
    Revoke,
    Stop,
}

/// <summary>
/// One field of a change, as an administrator reads it: <c>field: old → new</c>. A secret's values are never kept:
/// <see cref="Masked"/> says that it changed, and <see cref="Old"/> and <see cref="New"/> stay empty.
/// </summary>
public sealed record AuditChange(string Field, string? Old, string? New, bool Masked = false);

/// <summary>
/// One line of the audit trail: who did what to which subject, when, and what changed. Written in the same transaction
/// as the change it describes (<see cref="AuditLog"/>), never updated or deleted: the table refuses both.
/// </summary>
public sealed class AuditEntry
{
    public const int NameMaxLength = 256;

    public const int AddressMaxLength = 64;

    public long Id { get; private set; }

    /// <summary>When the transaction that made the change began (the database's clock).</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The user who acted; null for a sign-in attempt on an e-mail no account has.</summary>
    public string? ActorId { get; init; }

    /// <summary>The actor's name (or the typed e-mail) as it was then: a renamed or deleted user's entries still say who.</summary>
    public required string ActorName { get; init; }

    public AuditArea Area { get; init; }

    public AuditAction Action { get; init; }

    public string? SubjectId { get; init; }

    public string? SubjectName { get; init; }

    public IReadOnlyList<AuditChange> Changes { get; init; } = [];

    /// <summary>The client's address, for sign-ins.</summary>
    public string? Address { get; init; }
}
