using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Portal.Domain.Crm;
using Portal.Localization;

namespace Portal.Features.Api;

/// <summary>
/// Query values read by the endpoint, not bound, so that a malformed one is a problem naming it
/// (<see cref="ApiProblems.BadRequest"/>) rather than a bare 400. Empty means not given.
/// </summary>
public static class ApiQuery
{
    /// <summary>A record's type and id as a client gives them (either may be left out); the problem when one is malformed.</summary>
    public static ProblemHttpResult? Record(
        IStringLocalizer<SharedResource> localizer, string? entityType, string? recordId, out CrmEntityType? type, out long? id)
    {
        id = null;
        return EntityType(localizer, entityType, out type) ?? Id(localizer, recordId, nameof(recordId), out id);
    }

    /// <summary>A record type by name (<c>Deal</c>, <c>deal</c>), never by number; the problem when it is none.</summary>
    private static ProblemHttpResult? EntityType(IStringLocalizer<SharedResource> localizer, string? text, out CrmEntityType? type)
    {
        type = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Enum.TryParse<CrmEntityType>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsAsciiDigit(text[0]))
        {
            return BadRequest(localizer, $"entityType: one of {string.Join(", ", Enum.GetNames<CrmEntityType>())}.");
        }

        type = parsed;
        return null;
    }

    /// <summary>A record id; the problem, naming <paramref name="name"/>, when it is none.</summary>
    private static ProblemHttpResult? Id(IStringLocalizer<SharedResource> localizer, string? text, string name, out long? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return BadRequest(localizer, $"{name}: a record id.");
        }

        id = parsed;
        return null;
    }

    public static ProblemHttpResult BadRequest(IStringLocalizer<SharedResource> localizer, string detail) =>
        ApiProblems.Of(localizer, StatusCodes.Status400BadRequest, ApiProblems.BadRequest, detail);
}
