namespace Portal.Features.Account;

internal static partial class LoginLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: account {Email} is locked out")]
    public static partial void LockedOut(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused: too many attempts from {Address} or on account {Email}")]
    public static partial void Throttled(ILogger logger, string email, string address);
}
