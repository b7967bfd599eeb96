using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class HangfireInPlaceOfQuartz : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hangfire (schema "hangfire", prepared at start-up) replaces Quartz: its tables, and the job history that
            // Quartz's listener wrote (the Hangfire Dashboard keeps jobs and their history now), go.
            migrationBuilder.DropTable(
                name: "JobExecutions");
            migrationBuilder.Sql(
                """
                DO $$
                DECLARE quartz_table text;
                BEGIN
                    FOR quartz_table IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'qrtz\_%'
                    LOOP
                        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', quartz_table);
                    END LOOP;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Quartz's tables are not brought back: a version that uses Quartz provisions them itself at start-up.
            migrationBuilder.CreateTable(
                name: "JobExecutions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FireInstanceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JobGroup = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JobName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    JobType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Recovering = table.Column<bool>(type: "boolean", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TriggerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobExecutions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_JobExecutions_FireInstanceId",
                table: "JobExecutions",
                column: "FireInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_JobExecutions_Outcome_StartedAt",
                table: "JobExecutions",
                columns: new[] { "Outcome", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobExecutions_StartedAt",
                table: "JobExecutions",
                column: "StartedAt");
        }
    }
}
