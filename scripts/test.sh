#!/usr/bin/env bash
# Runs every test: domain, component, integration (real PostgreSQL) and browser (Chromium).
# Provisions what it needs: a local PostgreSQL unless PORTAL_DB is set (its role must be allowed to
# create databases: each test class makes its own, the run database is never touched), and
# Debian's Chromium unless PORTAL_CHROMIUM points at one. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PORTAL_ROOT"
require_dotnet

if [ -n "${PORTAL_DB:-}" ]; then
  PORTAL_TEST_DB=$PORTAL_DB
  log "database server: PORTAL_DB"
else
  PORTAL_TEST_DB=$(ensure_local_postgres)
  log "database server: local PostgreSQL 127.0.0.1:$PORTAL_PG_PORT"
fi
export PORTAL_TEST_DB

if [ -z "${PORTAL_CHROMIUM:-}" ]; then
  command -v chromium >/dev/null || apt_install chromium
  PORTAL_CHROMIUM=$(command -v chromium)
fi
export PORTAL_CHROMIUM
log "browser: $PORTAL_CHROMIUM"

log "building (warnings are errors)"
dotnet build Portal.sln -c Release -warnaserror -nologo -v quiet

log "checking formatting"
dotnet format Portal.sln --verify-no-changes --no-restore -v quiet \
  || die "code is not formatted: run 'dotnet format Portal.sln'"

results="$PORTAL_ROOT/TestResults"
export PORTAL_TEST_ARTIFACTS="$results"
rm -rf "$results"
log "running tests"
status=0
dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build --nologo --filter "Category!=Benchmark" \
  --results-directory "$results" --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" || status=$?

trx="$results/tests.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed, $(( ${total:-0} - ${executed:-0} )) skipped"
  [ "${executed:-0}" -gt 0 ] || { log "no test was executed"; status=1; }
else
  log "no test results were written"; status=1
fi
# The failures again, last, so that the tail of a long CI log names them and says why.
if [ -f "$trx" ] && [ "${failed:-0}" -gt 0 ] && command -v python3 > /dev/null; then
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = result.findtext(".//t:Message", "", ns).strip()
    stack = result.findtext(".//t:StackTrace", "", ns).strip().splitlines()
    print(f"FAILED {result.get('testName')}\n  {message[:1500]}")
    print("\n".join("  " + line.strip() for line in stack if "Portal.Tests" in line)[:1500])
PY
fi
[ -d "$results" ] && find "$results" -name '*.png' -exec echo "failure screenshot: {}" \; 2>/dev/null || true
exit $status
