#!/usr/bin/env bash
# `make run`: the worker in the background, the development server in the foreground; Ctrl-C stops both
# cleanly (the worker finishes its job) instead of killing make's whole process group.
set -uo pipefail
host=${1:-127.0.0.1}
port=${2:-5000}
.venv/bin/permits worker &
worker=$!
stop_worker() {
  kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null
}
trap stop_worker EXIT
trap 'exit 0' INT TERM
.venv/bin/permits run --host "$host" --port "$port"
