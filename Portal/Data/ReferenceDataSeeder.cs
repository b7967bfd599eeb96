using Microsoft.EntityFrameworkCore;
using Portal.Domain.Crm;
using Portal.Domain.Messaging;
using Portal.Domain.Rights;

namespace Portal.Data;

/// <summary>
/// What every installation starts with, demo or not: the default deal pipeline and its stages, the
/// lead statuses, the root department, and three CRM roles an administrator can assign or edit.
/// Runs at every start-up; it only adds what is missing.
/// </summary>
public sealed class ReferenceDataSeeder(PortalDbContext db)
{
    public const int DefaultPipelineId = 1;
    public const int RootDepartmentId = 1;
    public const string OwnRecordsRole = "Manager: own records";
    public const string HeadOfDepartmentRole = "Head of department";
    public const string ReadEverythingRole = "Observer: read everything";
    public const string SandboxLineName = "Sandbox";

    public static IReadOnlyList<Stage> DefaultStages { get; } =
    [
        new(1, DefaultPipelineId, "New", 10, StageSemantics.InProgress),
        new(2, DefaultPipelineId, "Preparing documents", 20, StageSemantics.InProgress),
        new(3, DefaultPipelineId, "Invoice sent", 30, StageSemantics.InProgress),
        new(4, DefaultPipelineId, "In progress", 40, StageSemantics.InProgress),
        new(5, DefaultPipelineId, "Won", 90, StageSemantics.Won),
        new(6, DefaultPipelineId, "Lost", 100, StageSemantics.Lost),
    ];

    public static IReadOnlyList<LeadStatus> DefaultLeadStatuses { get; } =
    [
        new(1, "New", 10, StageSemantics.InProgress),
        new(2, "In progress", 20, StageSemantics.InProgress),
        new(3, "Qualified", 30, StageSemantics.InProgress),
        new(4, "Converted", 90, StageSemantics.Won),
        new(5, "Junk", 100, StageSemantics.Lost),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (!await db.Pipelines.AnyAsync(cancellationToken))
        {
            db.Pipelines.Add(new Pipeline(DefaultPipelineId, "Sales", 10));
            await db.SaveChangesAsync(cancellationToken);
            db.Stages.AddRange(DefaultStages.Select(s => new Stage(s.Id, s.PipelineId, s.Name, s.Sort, s.Semantics)));
        }

        if (!await db.LeadStatuses.AnyAsync(cancellationToken))
        {
            db.LeadStatuses.AddRange(DefaultLeadStatuses.Select(s => new LeadStatus(s.Id, s.Name, s.Sort, s.Semantics)));
        }

        if (!await db.Departments.AnyAsync(cancellationToken))
        {
            db.Departments.Add(new Department(RootDepartmentId, "Company", null));
        }

        if (!await db.CrmRoles.AnyAsync(cancellationToken))
        {
            var own = new CrmRole(OwnRecordsRole);
            own.GrantEverywhere(RightScope.Own);
            var head = new CrmRole(HeadOfDepartmentRole);
            head.GrantEverywhere(RightScope.DepartmentAndSubdepartments);
            var observer = new CrmRole(ReadEverythingRole);
            observer.GrantEverywhere(RightScope.All, CrmAction.Read, CrmAction.Export);
            db.CrmRoles.AddRange(own, head, observer);
        }

        if (!await db.WhatsAppLines.AnyAsync(cancellationToken))
        {
            db.WhatsAppLines.Add(new WhatsAppLine(SandboxLineName, LineKind.Sandbox));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
