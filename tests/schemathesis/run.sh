#!/usr/bin/env bash
# Schemathesis against the real server's OpenAPI document, as a local-mode admin.
#
# Default: bad input. Fails on any 5xx (not_a_server_error) and on any 4xx that is not one
# of the error envelopes (hooks.py). MAX_EXAMPLES bounds the run (default 25 per operation).
#
# CHECKS=all: conformance too (documented statuses, response schemas and headers, valid
# requests accepted, invalid ones refused). The documented exceptions: the unsubscribe
# link answers HTML by contract and `/mcp/` answers JSON-RPC (refusals in a JSON-RPC body,
# `Accept` negotiated by the MCP transport), so those two are held to every check but
# "valid requests are accepted"; the promotion request is a member's, so a member sends it.
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
# Webhooks are signed by hooks.py with this secret, so their bodies are tested too.
secret="whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(24)).decode())')"
export SENTINEL_ST_WEBHOOK_SECRET="$secret"
# Rate limits stay on: a 429 must be an envelope too. The org is on the top plan, so the
# plan-gated routes (Sentinel, its manual runs) are tested past their 402.
start_server "$work/sentinel.db" "$port" "$work/server.log" \
  CLERK_WEBHOOK_SECRET="$secret" RESEND_WEBHOOK_SECRET="$secret" LOCAL_PLAN=pro_plus
admin="$(local_token "$port")"
member="$(local_token "$port" member)"

checks="${CHECKS:-not_a_server_error,error_envelope}"
run() {
  local token="$1"
  shift
  SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here" "${st_cmd[@]}" run "http://127.0.0.1:$port/api/openapi.json" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" \
    --phases examples,coverage,fuzzing \
    --max-examples "${MAX_EXAMPLES:-25}" \
    --seed "${SEED:-1}" \
    --workers 2 \
    --request-timeout 10 \
    --suppress-health-check all \
    --warnings off \
    --no-color "$@"
}

exceptions='^/(mcp/|api/notifications/email/unsubscribe)$'
member_only='^/api/notifications/request-admin-promotion$'
status=0
if [ "$checks" = all ]; then
  run "$admin" --checks all --exclude-path-regex "$exceptions|$member_only" "$@" || status=$?
  run "$admin" --checks all --exclude-checks positive_data_acceptance \
    --include-path-regex "$exceptions" "$@" || status=$?
  run "$member" --checks all --include-path-regex "$member_only" "$@" || status=$?
else
  run "$admin" --checks "$checks" "$@" || status=$?
fi
if grep -q "panicked" "$work/server.log"; then
  echo "schemathesis: the server panicked:" >&2
  grep -B2 -A8 "panicked" "$work/server.log" | head -n 60 >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "schemathesis: passed" || echo "schemathesis: FAILED" >&2
exit "$status"
