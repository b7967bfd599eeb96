using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProcessWaits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResumeAt",
                table: "ProcessInstances",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WaitStage",
                table: "ProcessInstances",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_Waiting",
                table: "ProcessInstances",
                column: "ResumeAt",
                filter: "\"Status\" = 'Waiting'");

            // Waits the CRM tables signal, in the transaction of the change: a record leaving its stage (a lead its status)
            // wakes the instances waiting for that, and a deleted record wakes every instance waiting on it (which then
            // fails, its record gone). Waking is clearing "ScheduledAt": the dispatcher hands such a waiting instance to a
            // worker on its next tick, and the executor decides from the record itself.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION portal_processes_stage_left() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "ProcessInstances" SET "ScheduledAt" = NULL
                    WHERE "EntityType" = TG_ARGV[0] AND "EntityId" = NEW."Id" AND "Status" = 'Waiting' AND "WaitStage" IS NOT NULL;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION portal_processes_record_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "ProcessInstances" i SET "ScheduledAt" = NULL
                    FROM deleted d
                    WHERE i."EntityType" = TG_ARGV[0] AND i."EntityId" = d."Id" AND i."Status" = 'Waiting';
                    RETURN NULL;
                END $$;

                CREATE TRIGGER "Deals_ProcessesStageLeft" AFTER UPDATE OF "StageId" ON "Deals"
                    FOR EACH ROW WHEN (OLD."StageId" IS DISTINCT FROM NEW."StageId") EXECUTE FUNCTION portal_processes_stage_left('Deal');
                CREATE TRIGGER "Leads_ProcessesStageLeft" AFTER UPDATE OF "StatusId" ON "Leads"
                    FOR EACH ROW WHEN (OLD."StatusId" IS DISTINCT FROM NEW."StatusId") EXECUTE FUNCTION portal_processes_stage_left('Lead');
                CREATE TRIGGER "Deals_ProcessesDeleted" AFTER DELETE ON "Deals" REFERENCING OLD TABLE AS deleted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_record_deleted('Deal');
                CREATE TRIGGER "Leads_ProcessesDeleted" AFTER DELETE ON "Leads" REFERENCING OLD TABLE AS deleted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_record_deleted('Lead');
                CREATE TRIGGER "Contacts_ProcessesDeleted" AFTER DELETE ON "Contacts" REFERENCING OLD TABLE AS deleted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_record_deleted('Contact');
                CREATE TRIGGER "Companies_ProcessesDeleted" AFTER DELETE ON "Companies" REFERENCING OLD TABLE AS deleted
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_processes_record_deleted('Company');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER "Deals_ProcessesStageLeft" ON "Deals";
                DROP TRIGGER "Leads_ProcessesStageLeft" ON "Leads";
                DROP TRIGGER "Deals_ProcessesDeleted" ON "Deals";
                DROP TRIGGER "Leads_ProcessesDeleted" ON "Leads";
                DROP TRIGGER "Contacts_ProcessesDeleted" ON "Contacts";
                DROP TRIGGER "Companies_ProcessesDeleted" ON "Companies";
                DROP FUNCTION portal_processes_stage_left();
                DROP FUNCTION portal_processes_record_deleted();
                """);

            migrationBuilder.DropIndex(
                name: "IX_ProcessInstances_Waiting",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "ResumeAt",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "WaitStage",
                table: "ProcessInstances");
        }
    }
}
