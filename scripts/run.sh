#!/usr/bin/env bash
# Starts Portal with demo data on http://127.0.0.1:5080 (web and worker in one process).
# Uses PORTAL_DB (a PostgreSQL connection string) when set; otherwise starts a local PostgreSQL.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PORTAL_ROOT"
require_dotnet

PORTAL_URL=${PORTAL_URL:-http://127.0.0.1:5080}
if [ -z "${PORTAL_DB:-}" ]; then
  server=$(ensure_local_postgres)
  PORTAL_DB=$(ensure_database "$server" portal)
  log "database: local PostgreSQL 127.0.0.1:$PORTAL_PG_PORT, database 'portal' (kept in $PORTAL_PGDATA)"
else
  log "database: PORTAL_DB"
fi
export PORTAL_DB

log "building"
dotnet build Portal/Portal.csproj -c Release -v quiet -nologo >/dev/null || dotnet build Portal/Portal.csproj -c Release -nologo

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
export Portal__SeedDemoUsers=true
exec dotnet Portal/bin/Release/net10.0/Portal.dll --urls "$PORTAL_URL" --contentRoot "$PORTAL_ROOT/Portal"
