using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class BusinessProcesses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ProcessActivity",
                table: "ScenarioRuns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ProcessInstanceId",
                table: "ScenarioRuns",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProcessTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    EntityType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    StartsManually = table.Column<bool>(type: "boolean", nullable: false),
                    StartsOnCreate = table.Column<bool>(type: "boolean", nullable: false),
                    StartsOnStageChange = table.Column<bool>(type: "boolean", nullable: false),
                    StartStageId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifiedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    Activities = table.Column<string>(type: "jsonb", nullable: false),
                    Parameters = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessInstances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    TemplateId = table.Column<long>(type: "bigint", nullable: false),
                    TemplateName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    NextActivity = table.Column<int>(type: "integer", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ScheduledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Depth = table.Column<int>(type: "integer", nullable: false),
                    InheritedLinks = table.Column<int>(type: "integer", nullable: false),
                    Activities = table.Column<string>(type: "jsonb", nullable: false),
                    Chain = table.Column<string>(type: "jsonb", nullable: false),
                    StartValues = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessInstances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcessInstances_ProcessInstances_ParentId",
                        column: x => x.ParentId,
                        principalTable: "ProcessInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ProcessInstances_ProcessTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "ProcessTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProcessLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    InstanceId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Activity = table.Column<int>(type: "integer", nullable: true),
                    Level = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RunId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcessLog_ProcessInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "ProcessInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "UX_ScenarioRuns_ProcessActivity",
                table: "ScenarioRuns",
                columns: new[] { "ProcessInstanceId", "ProcessActivity" },
                unique: true,
                filter: "\"ProcessInstanceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_Entity",
                table: "ProcessInstances",
                columns: new[] { "EntityType", "EntityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_Open",
                table: "ProcessInstances",
                columns: new[] { "UpdatedAt", "Id" },
                filter: "\"Status\" IN ('Queued', 'Running')");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_ParentId",
                table: "ProcessInstances",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_TemplateId",
                table: "ProcessInstances",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessLog_InstanceId_Id",
                table: "ProcessLog",
                columns: new[] { "InstanceId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessTemplates_EntityType_IsActive",
                table: "ProcessTemplates",
                columns: new[] { "EntityType", "IsActive" });

            // Automatic starts: the CRM tables' own triggers write the instances, in the transaction of the insert or
            // the stage change, whichever path made it (a card, a robot, a process activity, an import). Inserts: once
            // per statement over its rows (a bulk import stays one statement), nothing read when no active template
            // of the type exists. Stage changes: per row, and only when the stage (a lead's status) really changed, so
            // every other update of a record costs nothing. A change made for a process instance (the engine sets
            // portal.process_instance) makes the new instances its children: one level deeper, with its chain of
            // started scenarios.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION portal_processes_created() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    entity_type text := TG_ARGV[0];
                    parent bigint := nullif(current_setting('portal.process_instance', true), '')::bigint;
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM "ProcessTemplates" t WHERE t."EntityType" = entity_type AND t."IsActive" AND t."StartsOnCreate") THEN
                        RETURN NULL;
                    END IF;
                    INSERT INTO "ProcessInstances" ("TemplateId", "TemplateName", "EntityType", "EntityId", "Trigger", "StartedById", "StartedAt",
                        "Status", "NextActivity", "UpdatedAt", "ParentId", "Depth", "Activities", "StartValues", "Chain", "InheritedLinks")
                    SELECT t."Id", t."Name", t."EntityType", n."Id", 'Created', n."CreatedById", now(), 'Queued', 0, now(),
                        p."Id", COALESCE(p."Depth" + 1, 0), t."Activities", '{}'::jsonb, COALESCE(p."Chain", '[]'::jsonb), COALESCE(jsonb_array_length(p."Chain"), 0)
                    FROM inserted n
                    JOIN "ProcessTemplates" t ON t."EntityType" = entity_type AND t."IsActive" AND t."StartsOnCreate"
                    LEFT JOIN "ProcessInstances" p ON p."Id" = parent
                    ORDER BY n."Id", t."Id";
                    RETURN NULL;
                END $$;

                CREATE FUNCTION portal_processes_stage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    entity_type text := TG_ARGV[0];
                    stage integer := (to_jsonb(NEW) ->> TG_ARGV[1])::int;
                    parent bigint := nullif(current_setting('portal.process_instance', true), '')::bigint;
                BEGIN
                    INSERT INTO "ProcessInstances" ("TemplateId", "TemplateName", "EntityType", "EntityId", "Trigger", "StartedById", "StartedAt",
                        "Status", "NextActivity", "UpdatedAt", "ParentId", "Depth", "Activities", "StartValues", "Chain", "InheritedLinks")
                    SELECT t."Id", t."Name", t."EntityType", NEW."Id", 'StageChanged', NEW."ModifiedById", now(), 'Queued', 0, now(),
                        p."Id", COALESCE(p."Depth" + 1, 0), t."Activities", '{}'::jsonb, COALESCE(p."Chain", '[]'::jsonb), COALESCE(jsonb_array_length(p."Chain"), 0)
                    FROM "ProcessTemplates" t
                    LEFT JOIN "ProcessInstances" p ON p."Id" = parent
                    WHERE t."EntityType" = entity_type AND t."IsActive" AND t."StartsOnStageChange" AND (t."StartStageId" IS NULL OR t."StartStageId" = stage)
                    ORDER BY t."Id";
                    RETURN NULL;
                END $$;

                CREATE TRIGGER "Deals_ProcessesCreated" AFTER INSERT ON "Deals" REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_created('Deal');
                CREATE TRIGGER "Leads_ProcessesCreated" AFTER INSERT ON "Leads" REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_created('Lead');
                CREATE TRIGGER "Contacts_ProcessesCreated" AFTER INSERT ON "Contacts" REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_created('Contact');
                CREATE TRIGGER "Companies_ProcessesCreated" AFTER INSERT ON "Companies" REFERENCING NEW TABLE AS inserted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_created('Company');
                CREATE TRIGGER "Deals_ProcessesStageChanged" AFTER UPDATE OF "StageId" ON "Deals"
                    FOR EACH ROW WHEN (OLD."StageId" IS DISTINCT FROM NEW."StageId") EXECUTE FUNCTION portal_processes_stage_changed('Deal', 'StageId');
                CREATE TRIGGER "Leads_ProcessesStageChanged" AFTER UPDATE OF "StatusId" ON "Leads"
                    FOR EACH ROW WHEN (OLD."StatusId" IS DISTINCT FROM NEW."StatusId") EXECUTE FUNCTION portal_processes_stage_changed('Lead', 'StatusId');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER "Deals_ProcessesCreated" ON "Deals";
                DROP TRIGGER "Leads_ProcessesCreated" ON "Leads";
                DROP TRIGGER "Contacts_ProcessesCreated" ON "Contacts";
                DROP TRIGGER "Companies_ProcessesCreated" ON "Companies";
                DROP TRIGGER "Deals_ProcessesStageChanged" ON "Deals";
                DROP TRIGGER "Leads_ProcessesStageChanged" ON "Leads";
                DROP FUNCTION portal_processes_created();
                DROP FUNCTION portal_processes_stage_changed();
                """);

            migrationBuilder.DropTable(
                name: "ProcessLog");

            migrationBuilder.DropTable(
                name: "ProcessInstances");

            migrationBuilder.DropTable(
                name: "ProcessTemplates");

            migrationBuilder.DropIndex(
                name: "UX_ScenarioRuns_ProcessActivity",
                table: "ScenarioRuns");

            migrationBuilder.DropColumn(
                name: "ProcessActivity",
                table: "ScenarioRuns");

            migrationBuilder.DropColumn(
                name: "ProcessInstanceId",
                table: "ScenarioRuns");
        }
    }
}
