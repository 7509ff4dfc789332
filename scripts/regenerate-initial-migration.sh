#!/usr/bin/env bash
# Until the first release there is one initial migration generated from the models (plus the hand-written
# 0002 for the audit triggers). Run this after changing a model; afterwards add normal migrations instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'mv "$scratch/0002_audit_append_only.py" migrations/versions/ 2>/dev/null || true; rm -rf "$scratch"' EXIT
export PERMITS_DATABASE_URL="sqlite:///$scratch/empty.db" PERMITS_SECRET_KEY=regenerate
rm -f migrations/versions/0001_initial_schema.py
mv migrations/versions/0002_audit_append_only.py "$scratch/"
.venv/bin/permits db migrate -m "initial schema" --rev-id 0001 >/dev/null 2>&1
echo "regenerated migrations/versions/0001_initial_schema.py"
