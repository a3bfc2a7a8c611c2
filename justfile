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

# Run every test: unit, integration (real SQLite, real HTTP), Redis when reachable.
test: web
    cargo test --workspace --no-fail-fast

# Build the web assets into web/dist (today: the vendored ReDoc bundle).
web:
    cd web && npm install --no-audit --no-fund --loglevel=error && npm run build --silent

# Apply database migrations and exit.
migrate:
    cargo run -p sentinel-app --bin sentinel -- migrate

fmt:
    cargo fmt --all

lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
