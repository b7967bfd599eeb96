using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class LaunchTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "LaunchToken",
                table: "ScenarioRuns",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "UX_ScenarioRuns_LaunchToken",
                table: "ScenarioRuns",
                column: "LaunchToken",
                unique: true,
                filter: "\"LaunchToken\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "UX_ScenarioRuns_LaunchToken",
                table: "ScenarioRuns");

            migrationBuilder.DropColumn(
                name: "LaunchToken",
                table: "ScenarioRuns");
        }
    }
}
