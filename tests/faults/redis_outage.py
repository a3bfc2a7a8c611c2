#!/usr/bin/env python3
"""Redis going away while REDIS_URL is set. The documented behaviour (adapters-http
rate_limit: "a store outage lets traffic through") is fail-open: requests are answered as
if unlimited, with a warning logged, never a 5xx or a panic; limits apply again once Redis
is back. A private redis-server on a free port is started and killed by this script."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import call, free_port, start_server  # noqa: E402

LIMIT = 30  # /install.sh: 30 per minute per client


def fail(message):
    print(f"faults: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def start_redis(port):
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout.strip() == "PONG":
            return proc
        time.sleep(0.1)
    fail("redis-server did not start")


def burst(port, path, n):
    statuses, slowest = [], 0.0
    for _ in range(n):
        started = time.time()
        try:
            status, _ = call("GET", port, path, timeout=5)
        except OSError as error:  # a hung request is a failure, not a wait
            fail(f"{path} did not answer within 5 s: {error}")
        slowest = max(slowest, time.time() - started)
        statuses.append(status)
    return statuses, slowest


def main():
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            fail("redis-server is missing")
        print("faults: redis outage skipped (no redis-server)")
        return
    work = tempfile.mkdtemp(prefix="sentinel-redis-")
    redis_port, port = free_port(), free_port()
    redis = start_redis(redis_port)
    log_path = os.path.join(work, "server.log")
    log = open(log_path, "ab")
    server = start_server(os.path.join(work, "sentinel.db"), port, log, REDIS_URL=f"redis://127.0.0.1:{redis_port}", RUST_LOG="warn")
    try:
        statuses, _ = burst(port, "/install.sh", LIMIT + 1)
        if statuses[:LIMIT] != [200] * LIMIT or statuses[LIMIT] != 429:
            fail(f"with Redis up, expected {LIMIT} x 200 then 429, got {statuses}")
        print(f"faults: Redis up: limit enforced ({LIMIT} allowed, then 429)")

        redis.kill()
        redis.wait()
        statuses, slowest = burst(port, "/mcp-setup.sh", LIMIT + 10)
        if any(s != 200 for s in statuses):
            fail(f"with Redis down, expected fail-open 200s, got {sorted(set(statuses))}")
        if server.poll() is not None:
            fail("the server died when Redis went away")
        if call("GET", port, "/api/health")[0] != 200:
            fail("health failed with Redis down")
        print(f"faults: Redis down: {len(statuses)} requests answered 200 (fail-open), slowest {slowest:.2f}s")

        redis = start_redis(redis_port)
        deadline = time.time() + 30
        while True:
            statuses, _ = burst(port, "/install.sh", LIMIT + 1)
            if 429 in statuses:
                break
            if time.time() > deadline:
                fail("limits did not come back after Redis returned")
            time.sleep(1)
        if any(s not in (200, 429) for s in statuses):
            fail(f"unexpected statuses after Redis returned: {statuses}")
        print("faults: Redis back: limits enforced again")
        with open(log_path, errors="replace") as f:
            text = f.read()
        if "panicked" in text:
            fail("the server panicked: " + text[text.index("panicked") - 200:][:600])
        if "rate-limit store failed" not in text:
            fail("no warning logged for the Redis outage")
        print("faults: redis outage passed")
    finally:
        server.kill()
        redis.kill()


if __name__ == "__main__":
    main()
