# Sentinel Command Center — everyday commands. `just --list` shows them all.

# Build outputs live outside the clone so every checkout shares one warm cache.
export CARGO_TARGET_DIR := env_var_or_default("CARGO_TARGET_DIR", env_var("HOME") / ".cache/sentinel/target")

# Start the Command Center on http://127.0.0.1:8000 (local mode, SQLite at ./sentinel.db).
run: web
    cargo run -p sentinel-app --bin sentinel -- serve

# The same, optimised.
run-release: web
    cargo run --release -p sentinel-app --bin sentinel -- serve

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
