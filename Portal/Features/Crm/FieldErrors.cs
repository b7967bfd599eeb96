using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Features.Crm;

/// <summary>A command's refusal of one field: whether it names the field, and why, in the reader's language.</summary>
public static class FieldErrors
{
    public static bool Has(CommandResult? result, string field) =>
        result is { Status: CommandStatus.Invalid } invalid && invalid.Field == field;

    public static string? Text(IStringLocalizer<SharedResource> localizer, CommandResult? result, string field)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Has(result, field)
            ? localizer[$"Crm.Error.{result!.Reason}", result.Limit?.ToString("N0", System.Globalization.CultureInfo.CurrentCulture) ?? string.Empty].Value
            : null;
    }

    /// <summary>The id of the error's text, for the field's <c>aria-describedby</c>.</summary>
    public static string Id(string field) => $"field-error-{field}";
}
