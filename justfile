# Sentinel Command Center — everyday commands. `just --list` shows them all.

# Build outputs live outside the clone so every checkout shares one warm cache.
export CARGO_TARGET_DIR := env_var_or_default("CARGO_TARGET_DIR", env_var("HOME") / ".cache/sentinel/target")

# Start the Command Center on http://127.0.0.1:8000 (local mode, SQLite at ./sentinel.db).
run: web
    cargo run -p sentinel-app --bin sentinel -- serve

# The same, optimised.
run-release: web
    cargo run --release -p sentinel-app --bin sentinel -- serve

# Start the server and a simulated CloudNode with two cameras streaming real H.264;
# open http://127.0.0.1:8000 (or play /api/cameras/<id>/stream.m3u8). Ctrl-C stops both.
demo: web
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build -p sentinel-app --bin sentinel
    bin="$CARGO_TARGET_DIR/debug/sentinel"
    "$bin" serve & server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 1 50); do curl -fs http://127.0.0.1:8000/api/health >/dev/null && break; sleep 0.2; done
    "$bin" simulate-node --create-nodes 1 --cameras 2 --heartbeat-interval 10

# Act as a CloudNode (pass --node-id/--api-key, or set SOURCEBOX_SENTRY_* like the real node).
simulate *ARGS:
    cargo run -p sentinel-app --bin sentinel -- simulate-node {{ARGS}}

# Run every test: unit, integration (real SQLite, real HTTP), Redis when reachable, the
# PostgreSQL runs (below), the web unit tests, then the dashboard end to end in headless
# Chromium. The PostgreSQL adapter's tests need a server, so `test-postgres` runs them.
test: web && e2e
    cargo test --workspace --exclude sentinel-adapters-postgres --no-fail-fast
    just test-postgres
    # The web suite: the generated API types against the OpenAPI snapshot, `tsc --noEmit`
    # (strict), then Vitest (web/package.json "test").
    cd web && npm test --silent

# The PostgreSQL adapter's tests (the repository suite shared with SQLite, and its own) and
# the whole integration suite again on PostgreSQL, one fresh schema per test
# (SENTINEL_TEST_POSTGRES_URL, default the local server's `test` database).
# Skipped with a message when no server answers, unless CI is set.
test-postgres:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && [ -z "${SENTINEL_TEST_POSTGRES_URL:-}" ]; then
      if [ -n "${CI:-}" ]; then echo "test-postgres: no PostgreSQL at 127.0.0.1:5432" >&2; exit 1; fi
      echo "test-postgres skipped: no PostgreSQL at 127.0.0.1:5432"; exit 0
    fi
    cargo test -p sentinel-adapters-postgres --no-fail-fast
    SENTINEL_TEST_DATABASE=postgres cargo test -p sentinel-tests --test integration --no-fail-fast

# The dashboard end to end: the real server, a simulated node and headless Chromium
# (Debian's `chromium`; skipped with a message when it is missing, unless CI is set).
e2e:
    #!/usr/bin/env bash
    set -euo pipefail
    if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
      if [ -n "${CI:-}" ]; then echo "e2e: no Chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 1; fi
      echo "e2e skipped: no Chromium (apt-get install chromium)"; exit 0
    fi
    [ -f web/dist/index.html ] || { echo "e2e: build the dashboard first (just web)" >&2; exit 1; }
    cargo build -p sentinel-app --bin sentinel
    cd web && npm run e2e

# Build the web dashboard into web/dist (the React app, plus the vendored ReDoc bundle).
web:
    cd web && npm install --no-audit --no-fund --loglevel=error && npm run build --silent

# SOURCE: by default the OpenAPI snapshot, which the Rust suite keeps equal to what the server
# serves, or a running server's (`just web-client http://127.0.0.1:8000/api/openapi.json`).
# `npm test` (so `just test` and CI) fails while the checked-in file differs from the snapshot.
# Regenerate the dashboard's API types (web/src/api/schema.d.ts) from the server's OpenAPI document.
web-client SOURCE="tests/snapshots/openapi.json":
    #!/usr/bin/env bash
    set -euo pipefail
    source="{{SOURCE}}"
    case "$source" in http://*|https://*) ;; *) source="$(realpath "$source")" ;; esac
    cd web
    [ -d node_modules/openapi-typescript ] || npm install --no-audit --no-fund --loglevel=error
    node scripts/api-client.mjs "$source"

# Review both diffs; `just test` (tsc) then shows what the change breaks in the dashboard.
# After an intended API change: refresh the OpenAPI snapshot from the server, then web-client.
openapi-snapshot:
    UPDATE_SNAPSHOTS=1 cargo test -p sentinel-tests --test integration openapi_document_matches_the_snapshot
    just web-client

# Apply database migrations and exit.
migrate:
    cargo run -p sentinel-app --bin sentinel -- migrate

fmt:
    cargo fmt --all

lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Load benchmark of the live path (release build, wrk viewers, a simulated fleet, nginx as
# the ceiling in the same run); installs wrk and nginx-light from Debian when missing and
# writes bench/results/<date>-<cores>-core.md. `just bench --help` lists the knobs.
bench *ARGS:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! command -v wrk >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
      sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
      # Install without starting Debian's nginx service: the bench runs its own.
      printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
      $sudo chmod +x /usr/sbin/policy-rc.d
      $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk nginx-light || status=$?
      $sudo rm -f /usr/sbin/policy-rc.d
      [ "${status:-0}" -eq 0 ] || exit "$status"
    fi
    cargo build --release -p sentinel-app --bin sentinel
    python3 bench/load.py --binary "$CARGO_TARGET_DIR/release/sentinel" {{ARGS}}

# Micro-benchmarks (criterion) of the hot paths: segment store, playlist rewrite, file-name
# validation, JWT verification, rate-limit checks.
bench-micro *ARGS:
    cargo bench -p sentinel-bench {{ARGS}}

# What `.ci/run` adds after `test`: schemathesis conformance over /api/openapi.json on SQLite
# and PostgreSQL, every fuzz target for a few seconds, kill -9 while a node pushes and the
# e-mail worker drains, Redis going away, two instances on one database.
# Contract conformance, fuzzing and faults against the real binary.
reliability:
    cargo build -p sentinel-app --bin sentinel
    just schemathesis
    cargo run -q -p sentinel-fuzz --bin sentinel-fuzz -- all --seconds ${FUZZ_SECONDS:-5}
    python3 tests/faults/crash_restart.py
    python3 tests/faults/redis_outage.py
    python3 tests/cluster/two_instances.py

# tests/schemathesis/run.sh with every check (statuses, bodies and headers as documented,
# valid requests accepted, invalid ones refused, no 5xx, error envelopes), once on SQLite and
# once on a fresh PostgreSQL schema (SENTINEL_TEST_POSTGRES_URL, default the local server's
# `test` database). Without PostgreSQL the second run is skipped with a message, unless CI
# is set. Uses the debug binary as built (`reliability` builds it first).
# Schemathesis conformance of /api/openapi.json, on SQLite and on PostgreSQL.
schemathesis:
    #!/usr/bin/env bash
    set -euo pipefail
    status=0
    tests/schemathesis/run.sh || status=$?
    if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null || [ -n "${SENTINEL_TEST_POSTGRES_URL:-}" ]; then
      DATABASE=postgres tests/schemathesis/run.sh || status=$?
    elif [ -n "${CI:-}" ]; then
      echo "schemathesis: no PostgreSQL at 127.0.0.1:5432" >&2
      status=1
    else
      echo "schemathesis (postgres) skipped: no PostgreSQL at 127.0.0.1:5432"
    fi
    exit "$status"

# tests/abuse/abuse.py: 12,000 slow bodies, random-key floods, wrong-key node sockets and a
# forged token during a JWKS outage, while a real node pushes and a viewer watches.
# Hostile traffic against the release binary; prints the figures, fails on any criterion.
abuse:
    cargo build --release -p sentinel-app --bin sentinel
    SENTINEL_BIN="$CARGO_TARGET_DIR/release/sentinel" python3 tests/abuse/abuse.py

# Two instances on one PostgreSQL schema and one Redis: streaming through A, viewing on B,
# motion and snapshots across, singleton loops and the node moving to B when A is killed.
cluster:
    cargo build -p sentinel-app --bin sentinel
    python3 tests/cluster/two_instances.py

# Targets: playlist, segment_name, jwt_claims, webhook, mcp_message, all. Crashing inputs
# land in fuzz/artifacts/. Fuzz by hand, e.g. `just fuzz playlist 3600`.
fuzz TARGET="all" SECONDS="600":
    cargo run --release -p sentinel-fuzz --bin sentinel-fuzz -- {{TARGET}} --seconds {{SECONDS}}

# Samples RSS, open fds and error responses every minute and prints a table at the end.
# Soak: release server + simulated fleet + HLS viewers for DURATION minutes (default 30).
soak DURATION="30" *ARGS:
    cargo build --release -p sentinel-app --bin sentinel
    SENTINEL_BIN="$CARGO_TARGET_DIR/release/sentinel" python3 tests/soak/soak.py --minutes {{DURATION}} {{ARGS}}
