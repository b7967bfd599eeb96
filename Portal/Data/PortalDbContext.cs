using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Connectors.WhatsApp;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Notifications;
using Portal.Domain.Processes;
using Portal.Domain.Rights;
using Portal.Domain.Runs;
using Portal.Domain.Scenarios;
using Portal.Features.Preferences;
using Portal.Jobs;

namespace Portal.Data;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{

    public DbSet<SchedulerCheck> SchedulerChecks => Set<SchedulerCheck>();

    /// <summary>
    /// The ASP.NET Core Data Protection key ring, shared by every web and worker process: a sign-in cookie issued by one
    /// is valid in another, and a line's secret protected by one is read by all.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<CrmRole> CrmRoles => Set<CrmRole>();

    public DbSet<UserCrmRole> UserCrmRoles => Set<UserCrmRole>();

    public DbSet<Pipeline> Pipelines => Set<Pipeline>();

    public DbSet<Stage> Stages => Set<Stage>();

    public DbSet<LeadStatus> LeadStatuses => Set<LeadStatus>();

    public DbSet<Deal> Deals => Set<Deal>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<Lead> Leads => Set<Lead>();

    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();

    public DbSet<UserPreference> UserPreferences => Set<UserPreference>();

    public DbSet<Features.Api.AccessToken> AccessTokens => Set<Features.Api.AccessToken>();

    public DbSet<Scenario> Scenarios => Set<Scenario>();

    public DbSet<ScenarioChange> ScenarioChanges => Set<ScenarioChange>();

    public DbSet<WhatsAppLine> WhatsAppLines => Set<WhatsAppLine>();

    public DbSet<Domain.Webhooks.WebhookHost> WebhookHosts => Set<Domain.Webhooks.WebhookHost>();

    public DbSet<WhatsAppMessage> WhatsAppMessages => Set<WhatsAppMessage>();

    public DbSet<MessageAttempt> MessageAttempts => Set<MessageAttempt>();

    public DbSet<LineThrottle> LineThrottles => Set<LineThrottle>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ScenarioRun> ScenarioRuns => Set<ScenarioRun>();

    public DbSet<RunItem> RunItems => Set<RunItem>();

    public DbSet<RunStep> RunSteps => Set<RunStep>();

    public DbSet<RunErrorCount> RunErrorCounts => Set<RunErrorCount>();

    public DbSet<ProcessTemplate> ProcessTemplates => Set<ProcessTemplate>();

    public DbSet<ProcessInstance> ProcessInstances => Set<ProcessInstance>();

    public DbSet<ProcessLogEntry> ProcessLog => Set<ProcessLogEntry>();

    /// <summary>Who changed what in the administration, and every sign-in attempt; append-only.</summary>
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
