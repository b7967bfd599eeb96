#!/usr/bin/env bash
# The benchmarks: performance targets live here, never in tests.
#
#   scripts/bench.sh [all|crm|runs|messaging|log]...      (default: all)
#
# crm   Seeds a database of its own (portal_bench, kept between runs) with PORTAL_BENCH_DEALS deals
#       (default 1,000,000; about two minutes the first time) and times the CRM list queries.
#       Results: TestResults/bench-crm.md (medians and 90th percentiles, server time in ms) and bench-crm.json.
# runs  The run engine: seeds PORTAL_BENCH_RUN_DEALS deals (default 10,000) with contacts and phones in a
#       fresh database (dropped afterwards), launches a 3-robot scenario (sandbox send, change stage, add
#       comment) through the launch service and waits until every item is terminal; then measures the floor
#       in the same process: the same chunks run by ChunkExecutor directly (no job engine, as many at once as
#       Hangfire has workers) on fresh deals, and a raw binary COPY of as many step rows as the run logged.
#       PORTAL_BENCH_RUN_REPEATS (default 3) repeats are run; medians are reported. Engine settings pass
#       through as usual, e.g. Portal__Runs__ChunkSize=500 or Portal__Jobs__RunWorkers=2.
#       Then a worker process killed with -9 mid-run: recovery_s, lost_items, duplicate_steps.
#       Results: TestResults/bench-runs.md and bench-runs.json.
# messaging  Sends to PORTAL_BENCH_MSG_DEALS deals (default 5,000) through one Cloud API line limited to
#       PORTAL_BENCH_MSG_RATE msg/s (default 80), on a fake provider on 127.0.0.1 that enforces the same limit;
#       reports the achieved rate as a share of the limit (goal >= 95 %) and the throttling errors (goal 0).
#       Results: TestResults/bench-messaging.md and bench-messaging.json.
# log   The run log at size: PORTAL_BENCH_LOG_ITEMS run items (default 1,000,000) in runs of 1,000, with three step
#       records and one message each, in a fresh database (dropped afterwards); times what support staff open (runs
#       page, a run's items, search by phone and by error code). Goal: each <= 100 ms.
#       Results: TestResults/bench-log.md and bench-log.json.
#
# Prints the cases' human-readable results; the last line of the output is one JSON object holding
# each selected case's figures under its name: {"crm": {...}, "runs": {...}}.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PORTAL_ROOT"
require_dotnet

cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(all)
run_crm=false run_runs=false run_messaging=false run_log=false
for c in "${cases[@]}"; do
  case "$c" in
    all) run_crm=true run_runs=true run_messaging=true run_log=true ;;
    crm) run_crm=true ;;
    runs) run_runs=true ;;
    messaging) run_messaging=true ;;
    log) run_log=true ;;
    *) die "unknown case '$c': use all, crm, runs, messaging or log" ;;
  esac
done

if [ -n "${PORTAL_DB:-}" ]; then
  server=$PORTAL_DB
else
  server=$(ensure_local_postgres)
fi
ensure_key_encryption_certificate

log "building (Release)"
dotnet build Portal.sln -c Release -nologo -v quiet

results="$PORTAL_ROOT/TestResults"
mkdir -p "$results"
export PORTAL_TEST_ARTIFACTS="$results"
rm -f "$results/bench-crm.json" "$results/bench-runs.json" "$results/bench-messaging.json" "$results/bench-log.json"

if $run_crm; then
  deals=${PORTAL_BENCH_DEALS:-1000000}
  bench_db=$(ensure_database "$server" portal_bench)
  export PORTAL_BENCH_DB=$bench_db

  log "seeding $deals deals into portal_bench when it has none"
  Logging__LogLevel__Default=Warning PORTAL_DB=$bench_db \
    dotnet Portal/bin/Release/net10.0/Portal.dll seed --deals "$deals" --if-empty

  # After a bulk load: planner statistics and the visibility map (index-only scans), as autovacuum would.
  log "vacuum analyze"
  PGPASSWORD=$(connection_field "$bench_db" Password) psql -h "$(connection_field "$bench_db" Host)" \
    -p "$(connection_field "$bench_db" Port)" -U "$(connection_field "$bench_db" Username)" -d portal_bench -qc 'VACUUM (ANALYZE)'

  log "timing the CRM list"
  dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo \
    --filter "Category=Benchmark&FullyQualifiedName~CrmListBenchmark" --logger "console;verbosity=minimal" >&2
fi

if $run_runs; then
  run_deals=${PORTAL_BENCH_RUN_DEALS:-10000}
  export PORTAL_BENCH_RUN_DEALS=$run_deals
  # The benchmark makes (and drops) a database of its own on this server, like the tests do.
  export PORTAL_TEST_DB=$server
  # One launch must be allowed to take all the deals.
  export Portal__Runs__MaxEntitiesPerLaunch=$(( run_deals > 10000 ? run_deals : 10000 ))
  log "timing the run engine on $run_deals deals"
  dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo \
    --filter "Category=Benchmark&FullyQualifiedName~RunEngineBenchmark" --logger "console;verbosity=minimal" >&2
fi

if $run_messaging; then
  export PORTAL_TEST_DB=$server
  log "timing sending through one Cloud API line (${PORTAL_BENCH_MSG_DEALS:-5000} messages at ${PORTAL_BENCH_MSG_RATE:-80} msg/s)"
  dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo \
    --filter "Category=Benchmark&FullyQualifiedName~MessagingBenchmark" --logger "console;verbosity=minimal" >&2
fi

if $run_log; then
  export PORTAL_TEST_DB=$server
  log "timing the run log's queries at ${PORTAL_BENCH_LOG_ITEMS:-1000000} items"
  dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo \
    --filter "Category=Benchmark&FullyQualifiedName~RunLogBenchmark" --logger "console;verbosity=minimal" >&2
fi

# Each case wrote its figures as one JSON object on one line; nest them under the case names.
parts=()
if $run_crm; then
  echo
  cat "$results/bench-crm.md"
  parts+=("\"crm\":$(cat "$results/bench-crm.json")")
fi
if $run_runs; then
  echo
  cat "$results/bench-runs.md"
  parts+=("\"runs\":$(cat "$results/bench-runs.json")")
fi
if $run_messaging; then
  echo
  cat "$results/bench-messaging.md"
  parts+=("\"messaging\":$(cat "$results/bench-messaging.json")")
fi
if $run_log; then
  echo
  cat "$results/bench-log.md"
  parts+=("\"log\":$(cat "$results/bench-log.json")")
fi
echo
(IFS=,; echo "{${parts[*]}}")
