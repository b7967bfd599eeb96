using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Id",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Amount",
                table: "Deals",
                columns: new[] { "StageId", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_FirstName_Trgm",
                table: "Contacts",
                column: "FirstName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_LastName_Trgm",
                table: "Contacts",
                column: "LastName")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_StageId_Amount",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_FirstName_Trgm",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_LastName_Trgm",
                table: "Contacts");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_StageId_Id",
                table: "Deals",
                columns: new[] { "StageId", "Id" });
        }
    }
}
