using Portal.Domain.Messaging;

namespace Portal.Domain.Crm;

/// <summary>
/// A field of a CRM record was given a value it cannot hold. <see cref="Field"/> names the field,
/// <see cref="Reason"/> is a stable key the UI translates (with <see cref="Limit"/> where it applies).
/// </summary>
public sealed class CrmValidationException : Exception
{
    public CrmValidationException(string field, string reason, int? limit = null)
        : base($"{field}: {reason}{(limit is null ? string.Empty : $" ({limit})")}")
    {
        Field = field;
        Reason = reason;
        Limit = limit;
    }

    public CrmValidationException()
        : this("?", CrmValidation.Invalid)
    {
    }

    public CrmValidationException(string message)
        : this("?", message)
    {
    }

    public CrmValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "?";
        Reason = CrmValidation.Invalid;
    }

    public string Field { get; }

    public string Reason { get; }

    public int? Limit { get; }
}

/// <summary>Reasons and guards shared by the CRM records.</summary>
public static class CrmValidation
{
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string Negative = "negative";
    public const string Invalid = "invalid";

    /// <summary>Why the numbering plan refuses a phone number: "phone.TooShort", "phone.NotInNumberingPlan"…</summary>
    public static string PhoneRefused(PhoneFailure failure) => $"phone.{failure}";

    public static string RequiredText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new CrmValidationException(field, Required);
        }

        return MaxLength(field, trimmed, maxLength);
    }

    public static string? OptionalText(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : MaxLength(field, trimmed, maxLength);
    }

    private static string MaxLength(string field, string value, int maxLength) =>
        value.Length > maxLength ? throw new CrmValidationException(field, TooLong, maxLength) : value;
}
