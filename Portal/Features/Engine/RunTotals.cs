using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Domain.Runs;

namespace Portal.Features.Engine;

/// <summary>
/// A finished run's failure counts (<see cref="ScenarioRun.FailedCount"/> and <see cref="RunErrorCount"/>), written
/// in the transaction that ends the run: by the last chunk to finish, or by the stop command. Its items do not change
/// afterwards, so the counts cannot drift from them.
/// </summary>
public static class RunTotals
{
    public static async Task FreezeAsync(PortalDbContext db, long runId, CancellationToken cancellationToken)
    {
        var failed = (short)ItemStatus.Failed;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            UPDATE "ScenarioRuns"
            SET "FailedCount" = (SELECT count(*) FROM "RunItems" WHERE "RunId" = {runId} AND "Status" = {failed})
            WHERE "Id" = {runId};
            INSERT INTO "RunErrorCounts" ("RunId", "ErrorCode", "Count")
            SELECT {runId}, "ErrorCode", count(*) FROM "RunItems" WHERE "RunId" = {runId} AND "ErrorCode" IS NOT NULL GROUP BY "ErrorCode"
            ON CONFLICT ("RunId", "ErrorCode") DO UPDATE SET "Count" = excluded."Count";
            """,
            cancellationToken);
    }
}
