#!/usr/bin/env bash
# Schemathesis against the real server's OpenAPI document, as a local-mode admin.
#
# Conformance (the default, CHECKS=all): no 5xx, every 4xx one of the error envelopes
# (hooks.py), only documented statuses, response bodies and headers as documented, every
# schema-valid request accepted and every invalid one refused. CHECKS=<list> runs only those
# checks, e.g. CHECKS=not_a_server_error,error_envelope for bad input alone.
#
# Phases: examples, coverage (every documented boundary, the same cases on every run) and
# fuzzing (MAX_EXAMPLES per operation, default 25; SEED, default 1), with WORKERS threads
# (default 2). The bad-input checks (not_a_server_error, error_envelope) are part of "all",
# so the conformance run is the bad-input run too.
#
# DATABASE=sqlite (default: a temp file) or postgres (a fresh schema on
# SENTINEL_TEST_POSTGRES_URL, default the local server's `test` database, made and dropped
# with psql).
#
# Passes (all of them run; any failure fails the run):
#   1. every operation but those below, as an admin;
#   2. the documented exceptions: the unsubscribe link answers HTML by contract and `/mcp/`
#      answers JSON-RPC (refusals in a JSON-RPC body, `Accept` negotiated by the MCP
#      transport), so they are held to every check but "valid requests are accepted";
#   3. the promotion request, as the member it is for;
#   4. on a second server of their own: the routes whose effect reaches past the caller's
#      data. The full reset erases the org, its plan with it (the plan-gated routes would
#      answer 402 from then on), and a signed webhook acts on whichever org its body names.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/server.sh"

if ! command -v st >/dev/null 2>&1 && ! python3 -c "import schemathesis" >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
st_cmd=(st)
command -v st >/dev/null 2>&1 || st_cmd=(python3 -c 'from schemathesis.cli import schemathesis; schemathesis()')

database="${DATABASE:-sqlite}"
postgres="${SENTINEL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
work="$(mktemp -d)"
schemas=()
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for schema in "${schemas[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" psql "$postgres" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# fresh_database NAME: a database of its own for one server, in DB_URL.
fresh_database() {
  case "$database" in
    sqlite) DB_URL="$work/$1.db" ;;
    postgres)
      local schema
      schema="st_$1_$(python3 -c 'import uuid; print(uuid.uuid4().hex[:12])')"
      PGOPTIONS="-c client_min_messages=warning" psql "$postgres" -q -v ON_ERROR_STOP=1 \
        -c "CREATE SCHEMA $schema" >/dev/null
      schemas+=("$schema")
      local separator="?"
      [[ "$postgres" == *\?* ]] && separator="&"
      DB_URL="${postgres}${separator}options=-csearch_path%3D${schema}"
      ;;
    *) echo "DATABASE must be sqlite or postgres, not $database" >&2; return 1 ;;
  esac
}

# Webhooks are signed by hooks.py with this secret, so their bodies are tested too.
secret="whsec_$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(24)).decode())')"
export SENTINEL_ST_WEBHOOK_SECRET="$secret"
# serve NAME: a server on a fresh database; sets PORT. Rate limits stay on: a 429 must be an
# envelope too. The org is on the top plan, so the plan-gated routes (Sentinel, its manual
# runs) are tested past their 402.
serve() {
  fresh_database "$1"
  PORT="$(free_port)"
  start_server "$DB_URL" "$PORT" "$work/$1.log" \
    CLERK_WEBHOOK_SECRET="$secret" RESEND_WEBHOOK_SECRET="$secret" LOCAL_PLAN=pro_plus
  pids+=("$SERVER_PID")
}

checks="${CHECKS:-all}"
run() {
  local port="$1" token="$2"
  shift 2
  local started=$SECONDS
  SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here" "${st_cmd[@]}" run "http://127.0.0.1:$port/api/openapi.json" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" \
    --checks "$checks" \
    --phases examples,coverage,fuzzing \
    --max-examples "${MAX_EXAMPLES:-25}" \
    --seed "${SEED:-1}" \
    --workers "${WORKERS:-2}" \
    --request-timeout 10 \
    --suppress-health-check all \
    --warnings off \
    --no-color "$@"
  local status=$?
  echo "schemathesis ($database): pass took $((SECONDS - started)) s"
  return "$status"
}

exceptions='^/(mcp/|api/notifications/email/unsubscribe)$'
member_only='^/api/notifications/request-admin-promotion$'
own_server='^/api/(settings/danger/full-reset|webhooks/(clerk|resend))$'
status=0
serve main
main_port="$PORT"
admin="$(local_token "$main_port")"
member="$(local_token "$main_port" member)"
run "$main_port" "$admin" --exclude-path-regex "$exceptions|$member_only|$own_server" "$@" || status=$?
run "$main_port" "$admin" --exclude-checks positive_data_acceptance \
  --include-path-regex "$exceptions" "$@" || status=$?
run "$main_port" "$member" --include-path-regex "$member_only" "$@" || status=$?
serve org_wide
run "$PORT" "$(local_token "$PORT")" --include-path-regex "$own_server" "$@" || status=$?

if grep -q "panicked" "$work"/*.log; then
  echo "schemathesis: the server panicked:" >&2
  grep -h -B2 -A8 "panicked" "$work"/*.log | head -n 60 >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "schemathesis ($database): passed" || echo "schemathesis ($database): FAILED" >&2
exit "$status"
