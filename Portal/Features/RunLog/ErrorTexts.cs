using Microsoft.Extensions.Localization;
using Portal.Domain.Common;
using Portal.Domain.Messaging;
using Portal.Localization;

namespace Portal.Features.RunLog;

/// <summary>
/// How an error of the catalogue and its detail read wherever a run's errors are shown: the run page, a record's runs,
/// the run search, the launch pre-check and the CSV export. A detail stored as data (<see cref="NoMobileDetail"/>) is
/// worded in the current UI culture; any other detail is shown as stored.
/// </summary>
public static class ErrorTexts
{
    /// <summary>"The record has no mobile number (1 work number: +7 903 123-45-67)", "The phone number is invalid: 12345".</summary>
    public static string Describe(IStringLocalizer localizer, string code, string? detail)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var text = localizer[$"ErrorCode.{code}"].Value;
        return Worded(localizer, code, detail) is { } worded ? $"{text} ({worded})"
            : detail is null ? text
            : $"{text}: {detail}";
    }

    /// <summary>The detail as a reader sees it: "1 work number, 2 other numbers: …" for <see cref="ErrorCodes.PhoneNoMobile"/>, others as stored.</summary>
    public static string? Detail(IStringLocalizer localizer, string? code, string? detail) =>
        Worded(localizer, code, detail) ?? detail;

    private static string? Worded(IStringLocalizer localizer, string? code, string? detail)
    {
        if (code != ErrorCodes.PhoneNoMobile || NoMobileDetail.Read(detail) is not { Count: > 0 } numbers)
        {
            return null;
        }

        var byType = numbers.GroupBy(n => n.Type).ToList();
        var counts = byType.Select(g => localizer.Plural($"Crm.PhoneCount.{g.Key}", g.Count()).Value);
        return $"{string.Join(", ", counts)}: {string.Join(", ", byType.SelectMany(g => g.Select(n => n.Number)))}";
    }
}
