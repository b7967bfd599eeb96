using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class MessageClaimTokenAndUncertain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClaimToken",
                table: "WhatsAppMessages",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_RunId_Status",
                table: "WhatsAppMessages",
                columns: new[] { "RunId", "Status" },
                filter: "\"RunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_Sending",
                table: "WhatsAppMessages",
                column: "ClaimedAt",
                filter: "\"Status\" = 'Sending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessages_RunId_Status",
                table: "WhatsAppMessages");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessages_Sending",
                table: "WhatsAppMessages");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "WhatsAppMessages");
        }
    }
}
