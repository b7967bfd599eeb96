using Microsoft.Extensions.Localization;
using Portal.Domain.Processes;
using Portal.Domain.Robots;

namespace Portal.Features.Processes;

/// <summary>How activities and codes read, the same in the editor and in the card's process log.</summary>
public static class ProcessTexts
{
    public static string ActivityTitle(IStringLocalizer localizer, RobotCatalog catalog, string kind)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(catalog);
        return kind == ProcessActivities.StartScenario ? localizer["ProcessAdmin.Activity.StartScenario"]
            : catalog.Find(kind) is { } robot ? localizer[robot.TitleKey]
            : kind;
    }

    /// <summary>An error code of the catalogue (<c>rights.insufficient</c>) or a key of the templates' rules (<c>Process.Error.NoStart</c>).</summary>
    public static string CodeText(IStringLocalizer localizer, string code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[$"ErrorCode.{code}"] is { ResourceNotFound: false } known ? known.Value : localizer[code];
    }
}
