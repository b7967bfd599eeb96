using Microsoft.Extensions.Localization;

namespace Portal.Features.Crm;

public enum CommandStatus
{
    Ok,
    NotFound,
    NoAccess,
    Conflict,
    Invalid,
}

/// <summary>
/// The outcome of a CRM command, for the page to show where the user is: a field error names the
/// field and a reason key (with a limit where one applies); nothing was saved unless <see cref="Status"/> is Ok.
/// </summary>
public sealed record CommandResult(CommandStatus Status, string? Field = null, string? Reason = null, int? Limit = null)
{
    /// <summary>The id of a record a command created.</summary>
    public long? Id { get; init; }

    public static CommandResult Ok { get; } = new(CommandStatus.Ok);

    public static CommandResult NotFound { get; } = new(CommandStatus.NotFound);

    public static CommandResult NoAccess { get; } = new(CommandStatus.NoAccess);

    public static CommandResult Conflict { get; } = new(CommandStatus.Conflict);

    public bool Succeeded => Status == CommandStatus.Ok;

    public static CommandResult Created(long id) => new(CommandStatus.Ok) { Id = id };

    public static CommandResult Invalid(Domain.Crm.CrmValidationException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(CommandStatus.Invalid, error.Field, error.Reason, error.Limit);
    }
}

/// <summary>One page of a list and how many rows match the filter in all.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Rows, long Total);

/// <summary>Which rows to show: offset, size and a sort column from a fixed list (never free text).</summary>
public sealed record PageRequest(int Skip, int Take, string? SortBy = null, bool Descending = false)
{
    public const int MaxTake = 200;

    public int SafeTake => Math.Clamp(Take, 1, MaxTake);

    public int SafeSkip => Math.Max(0, Skip);
}

/// <summary>
/// What an editor says when its save was refused, from texts named "{area}.Conflict", "{area}.NoRight",
/// "{area}.NotFound" and "{area}.FixProblems" (the scenario and process editors); whether to offer a reload.
/// </summary>
public static class SaveRefusal
{
    public static (string Message, bool Conflict) Of(IStringLocalizer localizer, string area, CommandStatus status)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return status switch
        {
            CommandStatus.Conflict => (localizer[$"{area}.Conflict"], true),
            CommandStatus.NoAccess => (localizer[$"{area}.NoRight"], false),
            CommandStatus.NotFound => (localizer[$"{area}.NotFound"], false),
            _ => (localizer[$"{area}.FixProblems"], false),
        };
    }
}
