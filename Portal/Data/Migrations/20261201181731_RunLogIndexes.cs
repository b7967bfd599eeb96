using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ScenarioRuns_LaunchedAt",
                table: "ScenarioRuns");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_To",
                table: "WhatsAppMessages",
                column: "To");

            migrationBuilder.CreateIndex(
                name: "IX_ScenarioRuns_LaunchedAt_Id",
                table: "ScenarioRuns",
                columns: new[] { "LaunchedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ScenarioRuns_LaunchedById_LaunchedAt_Id",
                table: "ScenarioRuns",
                columns: new[] { "LaunchedById", "LaunchedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ScenarioRuns_RunAsId_LaunchedAt_Id",
                table: "ScenarioRuns",
                columns: new[] { "RunAsId", "LaunchedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ScenarioRuns_ScenarioId_LaunchedAt_Id",
                table: "ScenarioRuns",
                columns: new[] { "ScenarioId", "LaunchedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_EntityId_Id",
                table: "RunItems",
                columns: new[] { "EntityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_ErrorCode_Id",
                table: "RunItems",
                columns: new[] { "ErrorCode", "Id" },
                filter: "\"ErrorCode\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_RunId_ErrorCode",
                table: "RunItems",
                columns: new[] { "RunId", "ErrorCode" },
                filter: "\"ErrorCode\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessages_To",
                table: "WhatsAppMessages");

            migrationBuilder.DropIndex(
                name: "IX_ScenarioRuns_LaunchedAt_Id",
                table: "ScenarioRuns");

            migrationBuilder.DropIndex(
                name: "IX_ScenarioRuns_LaunchedById_LaunchedAt_Id",
                table: "ScenarioRuns");

            migrationBuilder.DropIndex(
                name: "IX_ScenarioRuns_RunAsId_LaunchedAt_Id",
                table: "ScenarioRuns");

            migrationBuilder.DropIndex(
                name: "IX_ScenarioRuns_ScenarioId_LaunchedAt_Id",
                table: "ScenarioRuns");

            migrationBuilder.DropIndex(
                name: "IX_RunItems_EntityId_Id",
                table: "RunItems");

            migrationBuilder.DropIndex(
                name: "IX_RunItems_ErrorCode_Id",
                table: "RunItems");

            migrationBuilder.DropIndex(
                name: "IX_RunItems_RunId_ErrorCode",
                table: "RunItems");

            migrationBuilder.CreateIndex(
                name: "IX_ScenarioRuns_LaunchedAt",
                table: "ScenarioRuns",
                column: "LaunchedAt");
        }
    }
}
