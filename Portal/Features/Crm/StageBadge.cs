using MudBlazor;
using Portal.Domain.Crm;

namespace Portal.Features.Crm;

/// <summary>The colour of a stage or status: in progress, won, lost.</summary>
public static class StageBadge
{
    public static Color ColorOf(StageSemantics semantics) => semantics switch
    {
        StageSemantics.Won => Color.Success,
        StageSemantics.Lost => Color.Error,
        _ => Color.Info,
    };
}
