namespace Portal.Domain.Common;

/// <summary>
/// A rule of the domain was broken. <see cref="Code"/> is a stable error code from
/// <see cref="ErrorCodes"/>; the UI and the run log translate it for the reader.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public DomainException()
        : this(ErrorCodes.ParameterInvalid, "A domain rule was broken.")
    {
    }

    public DomainException(string message)
        : this(ErrorCodes.ParameterInvalid, message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.ParameterInvalid;
    }

    public string Code { get; }
}
