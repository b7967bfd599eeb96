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
ensure_key_encryption_certificate

# dotnet's own short output (its errors, the assemblies built) under a line a person can follow, and no long silence.
progress "restoring packages" dotnet restore Portal/Portal.csproj -nologo -v minimal -tl:off
progress "building Portal (Release)" dotnet build Portal/Portal.csproj -c Release --no-restore -nologo -v minimal -tl:off

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
export Portal__SeedDemoUsers=true
portal_dll=Portal/bin/Release/net10.0/Portal.dll

# Demo CRM data, only into a database without deals: PORTAL_DEMO_DEALS sets how many, 0 skips it.
demo_deals=${PORTAL_DEMO_DEALS:-500}
if [ "$demo_deals" != 0 ]; then
  log "demo data: $demo_deals deals with contacts and companies, unless the database has deals already"
  Logging__LogLevel__Default=Warning dotnet "$portal_dll" seed --deals "$demo_deals" --if-empty
fi

exec dotnet "$portal_dll" --urls "$PORTAL_URL" --contentRoot "$PORTAL_ROOT/Portal"
