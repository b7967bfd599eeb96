using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProcessStop : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StoppedById",
                table: "ProcessInstances",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessInstances_StartedAt",
                table: "ProcessInstances",
                columns: new[] { "StartedAt", "Id" },
                descending: new bool[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProcessInstances_StartedAt",
                table: "ProcessInstances");

            migrationBuilder.DropColumn(
                name: "StoppedById",
                table: "ProcessInstances");
        }
    }
}
