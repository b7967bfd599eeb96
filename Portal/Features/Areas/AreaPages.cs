using Portal.Domain.Security;

namespace Portal.Features.Areas;

/// <summary>The areas of the portal as the home page and the navigation present them.</summary>
public sealed record AreaPage(PortalArea Area, string Path, string Icon, string TitleKey, string DescriptionKey)
{
    public string ComingKey => $"Area.{Area}.Coming";
}

public static class AreaPages
{
    public static IReadOnlyList<AreaPage> All { get; } =
    [
        new(PortalArea.Crm, "/crm", "handshake", "Nav.Crm", "Area.Crm.Description"),
        new(PortalArea.Scenarios, "/scenarios", "account_tree", "Nav.Scenarios", "Area.Scenarios.Description"),
        new(PortalArea.Runs, "/runs", "fact_check", "Nav.Runs", "Area.Runs.Description"),
        new(PortalArea.BusinessProcesses, "/business-processes", "schema", "Nav.BusinessProcesses", "Area.BusinessProcesses.Description"),
        new(PortalArea.Settings, "/settings", "settings", "Nav.Settings", "Area.Settings.Description"),
        new(PortalArea.Scheduler, "/settings/jobs", "schedule", "Nav.Scheduler", "Area.Scheduler.Description"),
    ];

    public static AreaPage For(PortalArea area) => All.Single(a => a.Area == area);
}
