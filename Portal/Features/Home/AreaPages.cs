using MudBlazor;
using Portal.Domain.Security;

namespace Portal.Features.Home;

/// <summary>The areas of the portal as the home page and the navigation present them (icons are MudBlazor's SVG icons).</summary>
public sealed record AreaPage(PortalArea Area, string Path, string Icon, string TitleKey, string DescriptionKey)
{
    public string ComingKey => $"Area.{Area}.Coming";
}

public static class AreaPages
{
    public static IReadOnlyList<AreaPage> All { get; } =
    [
        new(PortalArea.Crm, "/crm", Icons.Material.Filled.Handshake, "Nav.Crm", "Area.Crm.Description"),
        new(PortalArea.Scenarios, "/scenarios", Icons.Material.Filled.AccountTree, "Nav.Scenarios", "Area.Scenarios.Description"),
        new(PortalArea.Runs, "/runs", Icons.Material.Filled.FactCheck, "Nav.Runs", "Area.Runs.Description"),
        new(PortalArea.BusinessProcesses, "/business-processes", Icons.Material.Filled.Schema, "Nav.BusinessProcesses", "Area.BusinessProcesses.Description"),
        new(PortalArea.Settings, "/settings", Icons.Material.Filled.Settings, "Nav.Settings", "Area.Settings.Description"),
        new(PortalArea.Scheduler, "/settings/jobs", Icons.Material.Filled.Schedule, "Nav.Scheduler", "Area.Scheduler.Description"),
    ];

    public static AreaPage For(PortalArea area) => All.Single(a => a.Area == area);
}
