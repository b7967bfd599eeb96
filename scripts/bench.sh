#!/usr/bin/env bash
# The benchmark: performance targets live here, never in tests.
# Seeds a database of its own (portal_bench, kept between runs) with PORTAL_BENCH_DEALS deals
# (default 1,000,000; about two minutes the first time) and times the CRM list queries.
# Results: TestResults/bench-crm.md (medians and 90th percentiles, server time in ms).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PORTAL_ROOT"
require_dotnet

deals=${PORTAL_BENCH_DEALS:-1000000}
if [ -n "${PORTAL_DB:-}" ]; then
  server=$PORTAL_DB
else
  server=$(ensure_local_postgres)
fi
bench_db=$(ensure_database "$server" portal_bench)
export PORTAL_BENCH_DB=$bench_db

log "building (Release)"
dotnet build Portal.sln -c Release -nologo -v quiet

log "seeding $deals deals into portal_bench when it has none"
Logging__LogLevel__Default=Warning PORTAL_DB=$bench_db \
  dotnet Portal/bin/Release/net10.0/Portal.dll seed --deals "$deals" --if-empty

# After a bulk load: planner statistics and the visibility map (index-only scans), as autovacuum would.
log "vacuum analyze"
PGPASSWORD=$(connection_field "$bench_db" Password) psql -h "$(connection_field "$bench_db" Host)" \
  -p "$(connection_field "$bench_db" Port)" -U "$(connection_field "$bench_db" Username)" -d portal_bench -qc 'VACUUM (ANALYZE)'

results="$PORTAL_ROOT/TestResults"
mkdir -p "$results"
export PORTAL_TEST_ARTIFACTS="$results"
log "timing"
dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo --filter "Category=Benchmark" --logger "console;verbosity=minimal"
echo
cat "$results/bench-crm.md"
