namespace Portal.Features.Crm;

/// <summary>What a card shows after Save: reloaded and "saved", a conflict, or the page-level refusal.</summary>
public static class CardSave
{
    public static async Task<(CommandStatus? Status, bool Conflict, bool Saved)> OutcomeAsync(
        CommandResult result,
        CommandStatus? status,
        Func<Task> reload)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(reload);
        switch (result.Status)
        {
            case CommandStatus.Ok:
                await reload();
                return (CommandStatus.Ok, false, true);
            case CommandStatus.Conflict:
                return (status, true, false);
            case CommandStatus.NoAccess or CommandStatus.NotFound:
                return (result.Status, false, false);
            default:
                return (status, false, false);
        }
    }
}
