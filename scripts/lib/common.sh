# Shared by scripts/run.sh and scripts/test.sh: the .NET SDK check and a local PostgreSQL.
# shellcheck shell=bash

PORTAL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORTAL_PG_PORT=${PORTAL_PG_PORT:-55432}
PORTAL_STATE_DIR=${PORTAL_STATE_DIR:-/var/lib/portal}
PORTAL_PGDATA="$PORTAL_STATE_DIR/postgres"
PORTAL_PGSOCKET="$PORTAL_STATE_DIR/postgres-socket"
PORTAL_PG_PASSWORD_FILE="$PORTAL_STATE_DIR/db-password"
PORTAL_DP_CERTIFICATE="$PORTAL_STATE_DIR/dp-certificate.pfx"

log() { printf '\033[1;34m[portal]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[portal]\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command with its own output shown, says every 15 s that it is still going, and how long it took:
# progress "building" dotnet build ...
progress() {
  local what=$1 start=$SECONDS status=0 ticker
  shift
  log "$what…"
  (
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 15 & nap=$!
      wait "$nap"
      kill -0 $$ 2>/dev/null || exit 0
      log "  still $what ($((SECONDS - start)) s)"
    done
  ) &
  ticker=$!
  "$@" || status=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  [ "$status" -ne 0 ] || log "$what: done in $((SECONDS - start)) s"
  return "$status"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "'$*' needs root; run as root or set PORTAL_DB to an existing PostgreSQL."; fi
}

apt_install() {
  log "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK is missing: install .NET 10 (global.json pins the SDK band)."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

# One field of an Npgsql connection string: connection_field "Host=a;Port=5" Port -> 5
connection_field() { echo "$1" | tr ';' '\n' | sed -n "s/^$2=//p"; }

as_postgres() { as_root runuser -u postgres -- "$@"; }

# Starts (or reuses) the portal's own PostgreSQL on 127.0.0.1:$PORTAL_PG_PORT and prints the
# connection string of its 'portal' role, which may create databases (the tests make their own).
ensure_local_postgres() {
  local bin
  bin=$(pg_bin_dir) || true
  if [ -z "$bin" ]; then
    apt_install postgresql
    bin=$(pg_bin_dir) || die "PostgreSQL was installed but initdb is not under /usr/lib/postgresql/*/bin."
  fi
  # Debian starts a cluster of its own on 5432 when it installs the package; ours is separate.

  as_root mkdir -p "$PORTAL_STATE_DIR"
  as_root chmod 755 "$PORTAL_STATE_DIR"
  if [ ! -s "$PORTAL_PG_PASSWORD_FILE" ]; then
    as_root sh -c "umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > '$PORTAL_PG_PASSWORD_FILE'"
  fi
  local password
  password=$(as_root cat "$PORTAL_PG_PASSWORD_FILE")

  if [ ! -s "$PORTAL_PGDATA/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $PORTAL_PGDATA (port $PORTAL_PG_PORT, 127.0.0.1 only)"
    as_root mkdir -p "$PORTAL_PGDATA" "$PORTAL_PGSOCKET"
    as_root chown postgres:postgres "$PORTAL_PGDATA" "$PORTAL_PGSOCKET"
    as_root chmod 700 "$PORTAL_PGDATA"
    as_postgres "$bin/initdb" -D "$PORTAL_PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    as_postgres tee -a "$PORTAL_PGDATA/postgresql.conf" >/dev/null <<CONF
# Portal's local server
listen_addresses = '127.0.0.1'
port = $PORTAL_PG_PORT
unix_socket_directories = '$PORTAL_PGSOCKET'
max_connections = 300
shared_buffers = 256MB
CONF
  fi
  as_root mkdir -p "$PORTAL_PGSOCKET"
  as_root chown postgres:postgres "$PORTAL_PGSOCKET"

  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORTAL_PG_PORT"; then
    log "starting PostgreSQL on 127.0.0.1:$PORTAL_PG_PORT"
    as_postgres "$bin/pg_ctl" -D "$PORTAL_PGDATA" -l "$PORTAL_PGDATA/server.log" -w -t 60 start >/dev/null \
      || die "PostgreSQL did not start; see $PORTAL_PGDATA/server.log"
  fi

  # The application role: created once, its password kept in $PORTAL_PG_PASSWORD_FILE.
  as_postgres "$bin/psql" -h "$PORTAL_PGSOCKET" -p "$PORTAL_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -v pw="$password" >/dev/null <<'SQL'
SELECT format('CREATE ROLE portal LOGIN CREATEDB PASSWORD %L', :'pw')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') \gexec
SELECT format('ALTER ROLE portal PASSWORD %L', :'pw') \gexec
SQL
  echo "Host=127.0.0.1;Port=$PORTAL_PG_PORT;Username=portal;Password=$password"
}

# Creates the database named in a connection string when it does not exist yet (as its owner).
ensure_database() {
  local server=$1 name=$2 bin
  bin=$(pg_bin_dir)
  as_postgres "$bin/psql" -h "$PORTAL_PGSOCKET" -p "$PORTAL_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -v db="$name" >/dev/null <<'SQL'
SELECT format('CREATE DATABASE %I OWNER portal', :'db')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  echo "$server;Database=$name"
}

# Writes a self-signed RSA certificate with its key as a PFX protected by a random password, the password into a file
# next to it: make_key_encryption_certificate <pfx> <password file>. Both files are made 0600 by the caller's umask.
make_key_encryption_certificate() {
  local pfx=$1 password_file=$2 work
  command -v openssl >/dev/null || apt_install openssl
  work=$(mktemp -d)
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$password_file"
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj '/CN=Portal data protection' \
    -keyout "$work/key.pem" -out "$work/certificate.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/certificate.pem" -passout "file:$password_file" -out "$pfx"
  rm -rf "$work"
}

# The key-encryption certificate of the data protection keys: made once into the state folder (0600, as root), then
# handed to the portal as Portal__DataProtection__Certificate (base64) and its password. A certificate of the
# operator's own (Portal__DataProtection__CertificatePath or __Certificate set already) is left as it is.
ensure_key_encryption_certificate() {
  if [ -n "${Portal__DataProtection__CertificatePath:-}${Portal__DataProtection__Certificate:-}" ]; then
    log "data protection: the key-encryption certificate configured in the environment"
    return
  fi
  if ! as_root test -s "$PORTAL_DP_CERTIFICATE"; then
    log "data protection: creating a key-encryption certificate in $PORTAL_DP_CERTIFICATE (keep it: without it the keys, and the lines' tokens, cannot be read)"
    as_root mkdir -p "$PORTAL_STATE_DIR"
    as_root bash -c "umask 077; source '$PORTAL_ROOT/scripts/lib/common.sh'; make_key_encryption_certificate '$PORTAL_DP_CERTIFICATE' '$PORTAL_DP_CERTIFICATE.password'"
  fi
  Portal__DataProtection__Certificate=$(as_root base64 -w 0 "$PORTAL_DP_CERTIFICATE")
  Portal__DataProtection__CertificatePassword=$(as_root cat "$PORTAL_DP_CERTIFICATE.password")
  export Portal__DataProtection__Certificate Portal__DataProtection__CertificatePassword
}
