using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunFailureCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailedCount",
                table: "ScenarioRuns",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RunErrorCounts",
                columns: table => new
                {
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    ErrorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunErrorCounts", x => new { x.RunId, x.ErrorCode });
                    table.ForeignKey(
                        name: "FK_RunErrorCounts_ScenarioRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "ScenarioRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Runs that are already over get their counts now; runs still going get them when they end.
            migrationBuilder.Sql(
                """
                UPDATE "ScenarioRuns" r
                SET "FailedCount" = (SELECT count(*) FROM "RunItems" i WHERE i."RunId" = r."Id" AND i."Status" = 3)
                WHERE r."Status" NOT IN ('Queued', 'Running');
                INSERT INTO "RunErrorCounts" ("RunId", "ErrorCode", "Count")
                SELECT i."RunId", i."ErrorCode", count(*)
                FROM "RunItems" i JOIN "ScenarioRuns" r ON r."Id" = i."RunId"
                WHERE i."ErrorCode" IS NOT NULL AND r."FailedCount" IS NOT NULL
                GROUP BY i."RunId", i."ErrorCode";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunErrorCounts");

            migrationBuilder.DropColumn(
                name: "FailedCount",
                table: "ScenarioRuns");
        }
    }
}
