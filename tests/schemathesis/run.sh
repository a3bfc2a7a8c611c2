#!/usr/bin/env bash
# Bad input: schemathesis against the real server's OpenAPI document, as a local-mode admin.
# Fails on any 5xx (not_a_server_error) and on any 4xx that is not one of the error
# envelopes (hooks.py). MAX_EXAMPLES bounds the run (default 25 per operation).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/server.sh"

if ! command -v st >/dev/null 2>&1 && ! python3 -c "import schemathesis" >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
st_cmd=(st)
command -v st >/dev/null 2>&1 || st_cmd=(python3 -c 'from schemathesis.cli import schemathesis; schemathesis()')

work="$(mktemp -d)"
trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$work"' EXIT
port="$(free_port)"
# Rate limits stay on: a 429 must be an envelope too.
start_server "$work/sentinel.db" "$port" "$work/server.log"
token="$(local_token "$port")"

status=0
SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here" "${st_cmd[@]}" run "http://127.0.0.1:$port/api/openapi.json" \
  --url "http://127.0.0.1:$port" \
  -H "Authorization: Bearer $token" \
  --checks "${CHECKS:-not_a_server_error,error_envelope}" \
  --phases examples,coverage,fuzzing \
  --max-examples "${MAX_EXAMPLES:-25}" \
  --seed "${SEED:-1}" \
  --workers 2 \
  --request-timeout 10 \
  --suppress-health-check all \
  --warnings off \
  --no-color "$@" || status=$?
if grep -q "panicked" "$work/server.log"; then
  echo "schemathesis: the server panicked:" >&2
  grep -B2 -A8 "panicked" "$work/server.log" | head -n 60 >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "schemathesis: passed" || echo "schemathesis: FAILED" >&2
exit "$status"
