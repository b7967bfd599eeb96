namespace Portal.Domain.Security;

/// <summary>The areas of the portal a user reaches from the side navigation.</summary>
public enum PortalArea
{
    Crm,
    Scenarios,
    Runs,
    BusinessProcesses,
    Settings,
    Scheduler,
}
