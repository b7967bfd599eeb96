namespace Portal.Features.Account;

internal static partial class LoginLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: account {Email} is locked out")]
    public static partial void LockedOut(ILogger logger, string email);
}
