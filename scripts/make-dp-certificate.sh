#!/usr/bin/env bash
# Makes the key-encryption certificate docker compose hands the portal as a secret: secrets/dp-certificate.pfx, its
# password in secrets/dp-certificate.pfx.password and as PORTAL_DP_CERTIFICATE_PASSWORD in .env. Keep both: without
# them the data protection keys in the database, and so the lines' tokens, cannot be read.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$PORTAL_ROOT"

pfx=secrets/dp-certificate.pfx
[ ! -e "$pfx" ] || die "$pfx exists already; a new one would leave the keys it protects unreadable."
mkdir -p secrets
chmod 700 secrets
(umask 077; make_key_encryption_certificate "$pfx" "$pfx.password")
# The container's user (not root) reads it through the bind mount; the 0700 folder keeps others on this host out.
chmod 644 "$pfx"
grep -q '^PORTAL_DP_CERTIFICATE_PASSWORD=' .env 2>/dev/null \
  && die "made $pfx, but .env has a PORTAL_DP_CERTIFICATE_PASSWORD already: replace it with the one in $pfx.password."
(umask 077; echo "PORTAL_DP_CERTIFICATE_PASSWORD=$(cat "$pfx.password")" >> .env)
log "made $pfx; its password is in .env (PORTAL_DP_CERTIFICATE_PASSWORD)"
