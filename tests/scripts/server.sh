# Shared helpers for the black-box scripts (schemathesis, faults, soak): start the real
# `sentinel` binary in local mode on a temp database and a free port. Source it; it needs
# $SENTINEL_BIN (defaults to the debug build in $CARGO_TARGET_DIR).

: "${CARGO_TARGET_DIR:=$HOME/.cache/sentinel/target}"
: "${SENTINEL_BIN:=$CARGO_TARGET_DIR/debug/sentinel}"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server DB PORT LOG [VAR=value ...]: start in the background, set SERVER_PID, wait
# until /api/health answers.
start_server() {
  local db="$1" port="$2" log="$3"
  shift 3
  env -u CLERK_SECRET_KEY -u CLERK_PUBLISHABLE_KEY -u REDIS_URL \
    DATABASE_URL="$db" PORT="$port" STATIC_DIR=/nonexistent RUST_LOG="${RUST_LOG:-warn}" "$@" \
    "$SENTINEL_BIN" serve >>"$log" 2>&1 &
  SERVER_PID=$!
  wait_healthy "$port" || { echo "server did not start; log:" >&2; tail -n 40 "$log" >&2; return 1; }
}

wait_healthy() {
  local port="$1"
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# local_token PORT [ROLE]: a local-mode session token.
local_token() {
  curl -fs -X POST "http://127.0.0.1:$1/api/local/session" -H 'content-type: application/json' \
    -d "{\"role\":\"${2:-admin}\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
