using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class WhatsAppOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApiVersion",
                table: "WhatsAppLines",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BaseUrl",
                table: "WhatsAppLines",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneNumberId",
                table: "WhatsAppLines",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedAccessToken",
                table: "WhatsAppLines",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedAppSecret",
                table: "WhatsAppLines",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WebhookVerifyToken",
                table: "WhatsAppLines",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "WhatsAppLines",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "WhatsAppLineThrottles",
                columns: table => new
                {
                    LineId = table.Column<int>(type: "integer", nullable: false),
                    NextSlotAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WhatsAppLineThrottles", x => x.LineId);
                    table.ForeignKey(
                        name: "FK_WhatsAppLineThrottles_WhatsAppLines_LineId",
                        column: x => x.LineId,
                        principalTable: "WhatsAppLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WhatsAppMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    LineId = table.Column<int>(type: "integer", nullable: false),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    RunItemId = table.Column<long>(type: "bigint", nullable: true),
                    StepIndex = table.Column<int>(type: "integer", nullable: true),
                    EntityType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    EntityId = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProviderMessageId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ErrorCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ProviderCode = table.Column<int>(type: "integer", nullable: true),
                    ProviderError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WhatsAppMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WhatsAppMessages_WhatsAppLines_LineId",
                        column: x => x.LineId,
                        principalTable: "WhatsAppLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WhatsAppMessageAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    MessageId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HttpStatus = table.Column<int>(type: "integer", nullable: true),
                    ProviderCode = table.Column<int>(type: "integer", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WhatsAppMessageAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WhatsAppMessageAttempts_WhatsAppMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "WhatsAppMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "UX_WhatsAppLines_Name",
                table: "WhatsAppLines",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessageAttempts_MessageId_Number",
                table: "WhatsAppMessageAttempts",
                columns: new[] { "MessageId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_Entity",
                table: "WhatsAppMessages",
                columns: new[] { "EntityType", "EntityId" },
                filter: "\"EntityId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_LineId_Id",
                table: "WhatsAppMessages",
                columns: new[] { "LineId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_Outbox",
                table: "WhatsAppMessages",
                columns: new[] { "NextAttemptAt", "Id" },
                filter: "\"Status\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_ProviderMessageId",
                table: "WhatsAppMessages",
                column: "ProviderMessageId",
                filter: "\"ProviderMessageId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessages_RunItemId_StepIndex",
                table: "WhatsAppMessages",
                columns: new[] { "RunItemId", "StepIndex" },
                filter: "\"RunItemId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "UX_WhatsAppMessages_IdempotencyKey",
                table: "WhatsAppMessages",
                column: "IdempotencyKey",
                unique: true);

            // The sandbox messages sent so far become messages of the outbox, kept as sent.
            migrationBuilder.Sql("""
                INSERT INTO "WhatsAppMessages" ("LineId", "To", "Text", "IdempotencyKey", "RunId", "RunItemId", "EntityType", "EntityId",
                    "Status", "Attempts", "ProviderMessageId", "CreatedAt", "SentAt", "StatusAt")
                SELECT "LineId", "To", "Text", 'sandbox:' || "Id", "RunId", "RunItemId", "EntityType", "EntityId",
                    'Sent', 0, 'sandbox.' || "Id", "CreatedAt", "CreatedAt", "CreatedAt"
                FROM "SandboxMessages" ORDER BY "Id"
                """);

            migrationBuilder.DropTable(
                name: "SandboxMessages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WhatsAppLineThrottles");

            migrationBuilder.DropTable(
                name: "WhatsAppMessageAttempts");

            migrationBuilder.DropTable(
                name: "WhatsAppMessages");

            migrationBuilder.DropIndex(
                name: "UX_WhatsAppLines_Name",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "ApiVersion",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "BaseUrl",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "PhoneNumberId",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "ProtectedAccessToken",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "ProtectedAppSecret",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "WebhookVerifyToken",
                table: "WhatsAppLines");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "WhatsAppLines");

            migrationBuilder.CreateTable(
                name: "SandboxMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EntityId = table.Column<long>(type: "bigint", nullable: true),
                    EntityType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    LineId = table.Column<int>(type: "integer", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    RunItemId = table.Column<long>(type: "bigint", nullable: true),
                    Text = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SandboxMessages_WhatsAppLines_LineId",
                        column: x => x.LineId,
                        principalTable: "WhatsAppLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxMessages_LineId_Id",
                table: "SandboxMessages",
                columns: new[] { "LineId", "Id" });
        }
    }
}
