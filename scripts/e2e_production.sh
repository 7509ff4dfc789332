#!/usr/bin/env bash
# Production mode end to end: `permits serve` (gunicorn, 2 workers) and two `permits worker` processes on a
# scratch PostgreSQL database; the API lifecycle test (tests/api/test_case_lifecycle_through_api.py) runs
# against them over HTTP. Used by .ci/run; needs PostgreSQL (PG_ADMIN_URL) and the XBau schemas in ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
PG_USER=${PGUSER:-$(id -un)}
PG_ADMIN_URL=${PG_ADMIN_URL:-"postgresql://${PG_USER}@${PG_HOST}:5432/test"}
PORT=${E2E_PORT:-8765}
scratch="permits_e2e_$$"
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $scratch" >/dev/null
export PERMITS_DATABASE_URL="postgresql+psycopg://${PG_USER}@${PG_HOST}:5432/${scratch}"
export PERMITS_SECRET_KEY="e2e-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export PERMITS_XBAU_SCHEMA_DIR
PERMITS_XBAU_SCHEMA_DIR=$(cd ../shared/xbau/2.6/xsd_dev && pwd)
export PERMITS_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"

.venv/bin/permits db upgrade >/dev/null 2>&1
.venv/bin/permits seed-demo >/dev/null
tokens="$work/tokens.json"
{
  printf '{'
  sep=''
  for user in architektin sachbearbeitung pruefung; do
    printf '%s"%s": "%s"' "$sep" "$user" "$(.venv/bin/permits tokens create --name "e2e $user" --user "$user" 2>/dev/null)"
    sep=', '
  done
  for agency in fire monument; do
    printf ', "agency:%s": "%s"' "$agency" "$(.venv/bin/permits tokens create --name "e2e $agency" --authority "$agency" 2>/dev/null)"
  done
  printf '}\n'
} > "$tokens"

.venv/bin/permits serve --bind "127.0.0.1:${PORT}" --workers 2 >"$work/serve.log" 2>&1 & pids+=($!)
.venv/bin/permits worker >"$work/worker1.log" 2>&1 & pids+=($!)
.venv/bin/permits worker >"$work/worker2.log" 2>&1 & pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:${PORT}/readyz" >/dev/null 2>&1; then break; fi
  sleep 1
done
if ! curl -fsS "http://127.0.0.1:${PORT}/readyz"; then
  echo "permits did not become ready"; tail -n 20 "$work"/*.log; exit 1
fi
echo

status=0
PERMITS_E2E_BASE_URL="http://127.0.0.1:${PORT}" PERMITS_E2E_TOKENS="$tokens" \
  env -u PERMITS_DATABASE_URL .venv/bin/pytest -q -p no:cacheprovider \
  tests/api/test_case_lifecycle_through_api.py || status=$?
if [ "$status" -ne 0 ]; then tail -n 30 "$work"/*.log; fi
# The app answered no request with a server error.
if grep -q '"status": 5[0-9][0-9]' "$work/serve.log"; then
  echo "server errors in the app's log:"; grep '"status": 5' "$work/serve.log" | head; status=1
fi
exit "$status"
