using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Audit;

/// <summary>What an entry is about: the record's id and its name as it was then.</summary>
public sealed record AuditSubject(string? Id, string? Name)
{
    public static AuditSubject None { get; } = new(null, null);

    public static AuditSubject Of(long id, string? name) => new(id.ToString(CultureInfo.InvariantCulture), name);
}

/// <summary>
/// The one way an administrators' command writes to the audit trail: the entry is added to the command's own context, so
/// it is saved by the command's <c>SaveChanges</c> and commits (or rolls back) with the change it describes. Call it
/// only once the command has passed its checks: a refused command leaves no entry.
/// </summary>
public static class AuditLog
{
    /// <summary>Adds an entry by <paramref name="actorId"/> (their name is kept as it is now).</summary>
    public static async Task RecordAsync(
        PortalDbContext db,
        string actorId,
        AuditArea area,
        AuditAction action,
        AuditSubject subject,
        IReadOnlyList<AuditChange>? changes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subject);
        var name = await db.Users.Where(u => u.Id == actorId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        db.Add(new AuditEntry
        {
            ActorId = actorId,
            ActorName = Clip(name),
            Area = area,
            Action = action,
            SubjectId = subject.Id,
            SubjectName = subject.Name is { } subjectName ? Clip(subjectName) : null,
            Changes = changes ?? [],
        });
    }

    /// <summary>Adds an entry whose changes are the fields that differ between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static Task RecordAsync(
        PortalDbContext db,
        string actorId,
        AuditArea area,
        AuditAction action,
        AuditSubject subject,
        AuditSnapshot before,
        AuditSnapshot after,
        CancellationToken cancellationToken = default) =>
        RecordAsync(db, actorId, area, action, subject, AuditSnapshot.Changes(before, after), cancellationToken);

    internal static string Clip(string text) => text.Length > AuditEntry.NameMaxLength ? text[..AuditEntry.NameMaxLength] : text;
}

/// <summary>
/// A record's fields as an administrator reads them, taken before and after a command; <see cref="Changes"/> compares
/// two of them. A secret field's value is compared but never leaves here: the change only says that it changed.
/// </summary>
public sealed class AuditSnapshot
{
    private readonly Dictionary<string, (string? Value, bool Secret)> _fields = new(StringComparer.Ordinal);

    /// <summary>The snapshot of nothing: a created record's "before", a deleted one's "after".</summary>
    public static AuditSnapshot Empty { get; } = new();

    public AuditSnapshot Add(string field, object? value)
    {
        _fields[field] = (Text(value), false);
        return this;
    }

    /// <summary>A secret (a token, its encrypted form): only whether it changed is ever shown.</summary>
    public AuditSnapshot Secret(string field, string? value)
    {
        _fields[field] = (value, true);
        return this;
    }

    /// <summary>The fields whose values differ, in the order they were added (the "after" first, then ones only "before" had).</summary>
    public static IReadOnlyList<AuditChange> Changes(AuditSnapshot before, AuditSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<AuditChange>();
        foreach (var field in after._fields.Keys.Concat(before._fields.Keys.Except(after._fields.Keys)))
        {
            var (old, oldSecret) = before._fields.GetValueOrDefault(field);
            var (now, newSecret) = after._fields.GetValueOrDefault(field);
            if (string.Equals(old, now, StringComparison.Ordinal))
            {
                continue;
            }

            changes.Add(oldSecret || newSecret ? new AuditChange(field, null, null, Masked: true) : new AuditChange(field, old, now));
        }

        return changes;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
