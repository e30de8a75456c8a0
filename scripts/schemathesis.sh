#!/usr/bin/env bash
# schemathesis (PyPI, pinned) against `flink-ddl serve --memory` with a fresh API key: once with
# Confluent's OpenAPI document for these operations, once with the server's own /openapi.json.
# Checks: not_a_server_error, status_code_conformance, content_type_conformance,
# response_schema_conformance, ignored_auth, unsupported_method; a fixed seed and a bounded
# number of examples. A failure fails the run unless the baseline of that document lists it
# (scripts/schemathesis/*-baseline.json: one entry per line, each with the reason, for the
# decisions of docs/server.md where the server departs from Confluent's document).
#
# Usage: scripts/schemathesis.sh   (SCHEMATHESIS_SEED, SCHEMATHESIS_MAX_EXAMPLES override)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
SEED=${SCHEMATHESIS_SEED:-20260315}
MAX_EXAMPLES=${SCHEMATHESIS_MAX_EXAMPLES:-25}
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,ignored_auth,unsupported_method
export FLINK_DDL_ORGANIZATION=6f1c2a7e-0b4d-4e8a-9c3f-1d2e3f4a5b6c

spec=""
for dir in "${FLINK_DDL_SPEC_DIR:-}" ../shared/spec ../../shared/spec /work/shared/spec; do
  if [ -n "$dir" ] && [ -f "$dir/sql-v1-connections.openapi.yaml" ]; then spec="$dir/sql-v1-connections.openapi.yaml"; break; fi
done
[ -n "$spec" ] || { echo "schemathesis.sh: sql-v1-connections.openapi.yaml not found (set FLINK_DDL_SPEC_DIR)" >&2; exit 1; }

venv=target/schemathesis-venv
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | grep -o '[0-9][0-9.]*$')" != "$SCHEMATHESIS_VERSION" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build --quiet -p flink-ddl-cli --bin flink-ddl
work=target/schemathesis-run
rm -rf "$work" && mkdir -p "$work"
target/debug/flink-ddl --memory serve --organization "$FLINK_DDL_ORGANIZATION" --listen 127.0.0.1:0 \
  --new-api-key-file "$work/key.json" 2> "$work/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [ -s "$work/key.json" ] && break; sleep 0.1; done
[ -s "$work/key.json" ] || { echo "the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$')
credentials=$(python3 -c 'import json,sys; k=json.load(open(sys.argv[1])); print(k["api_key"] + ":" + k["api_secret"])' "$work/key.json")
secret=${credentials#*:}

run() { # run NAME LOCATION [extra args]
  local name=$1 location=$2; shift 2
  echo "== schemathesis: $name"
  "$venv/bin/schemathesis" --config-file scripts/schemathesis/schemathesis.toml run "$location" "$@" \
    --checks "$CHECKS" --seed "$SEED" --max-examples "$MAX_EXAMPLES" --workers 1 \
    --auth "$credentials" --baseline "scripts/schemathesis/$name-baseline.json" \
    --max-failures 200 --no-color --request-timeout 20 \
    --report junit --report-dir "$work/$name"
}
status=0
run confluent "$spec" --url "http://127.0.0.1:$port" || status=1
run server "http://127.0.0.1:$port/openapi.json" || status=1

if grep -qF "$secret" "$work/serve.log"; then
  echo "schemathesis.sh: the API secret appears in the server's log" >&2
  status=1
fi
exit $status
