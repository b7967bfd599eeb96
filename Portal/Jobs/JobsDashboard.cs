using Hangfire;
using Hangfire.Dashboard;
using Portal.Domain.Security;
using Portal.Features.Account;

namespace Portal.Jobs;

/// <summary>
/// The Hangfire Dashboard under the portal, for administrators only: the endpoint requires the portal's own cookie
/// sign-in and the job engine area's policy (others are sent to sign-in or refused), and the dashboard's own filter
/// checks the Administrator role again, so no request reaches it on the strength of being local.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/admin/jobs";

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints
            .MapHangfireDashboard(Path, new DashboardOptions
            {
                Authorization = [new AdministratorsOnly()],
                AppPath = "/settings/jobs",
                DashboardTitle = "Portal · Jobs",
                DisplayStorageConnectionString = false,
                DarkModeEnabled = false,
            })
            .RequireAuthorization(AreaAccess.PolicyName(PortalArea.Scheduler));
    }

    /// <summary>Lets a request through only when the portal has signed its user in as an administrator.</summary>
    public sealed class AdministratorsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return context.GetHttpContext().User.PortalRoles().CanUse(PortalArea.Scheduler);
        }
    }
}
