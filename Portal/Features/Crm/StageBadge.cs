using Portal.Domain.Crm;
using Radzen;

namespace Portal.Features.Crm;

/// <summary>The colour of a stage or status: in progress, won, lost.</summary>
public static class StageBadge
{
    public static BadgeStyle Style(StageSemantics semantics) => semantics switch
    {
        StageSemantics.Won => BadgeStyle.Success,
        StageSemantics.Lost => BadgeStyle.Danger,
        _ => BadgeStyle.Info,
    };
}
