#!/usr/bin/env python3
"""Soak: the release server with a simulated fleet and HLS viewers for DURATION minutes.
Every SAMPLE seconds it records the server's RSS, open file descriptors and threads, and
the viewers' responses (2xx / 4xx / 5xx / connection errors); it prints the table at the
end and fails when any 5xx or connection error was seen or descriptors kept growing."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "faults"))
from common import BIN, call, free_port, local_token, server_env, start_server  # noqa: E402


def proc_stats(pid):
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    rss_mib = int(fields["VmRSS"].split()[0]) / 1024
    threads = int(fields["Threads"])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_mib, fds, threads


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {"2xx": 0, "4xx": 0, "5xx": 0, "conn": 0}

    def add(self, status):
        key = "conn" if status is None else f"{status // 100}xx"
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def take(self):
        with self.lock:
            taken, self.counts = self.counts, {"2xx": 0, "4xx": 0, "5xx": 0, "conn": 0}
        return taken


def viewer(port, token, cameras, counters, stop, index):
    """Plays like hls.js: the playlist every second, then the newest segment."""
    n = 0
    while not stop.is_set():
        camera = cameras[(index + n) % len(cameras)]
        n += 1
        try:
            status, raw = call("GET", port, f"/api/cameras/{camera}/stream.m3u8", token, timeout=10)
            counters.add(status)
            if status == 200:
                segments = [line for line in raw.decode().splitlines() if line and not line.startswith("#")]
                if segments:
                    status, _ = call("GET", port, f"/api/cameras/{camera}/{segments[-1]}", token, timeout=10)
                    counters.add(status)
        except OSError:
            counters.add(None)
        stop.wait(1.0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("DURATION", "30")))
    parser.add_argument("--nodes", type=int, default=4)
    parser.add_argument("--cameras", type=int, default=2)
    parser.add_argument("--viewers", type=int, default=8)
    parser.add_argument("--sample", type=float, default=60.0)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="sentinel-soak-")
    db = os.path.join(work, "sentinel.db")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "ab")
    server = start_server(db, port, log, RUST_LOG="warn")
    sim = subprocess.Popen(
        [BIN, "simulate-node", "--api-url", f"http://127.0.0.1:{port}", "--create-nodes", str(args.nodes),
         "--cameras", str(args.cameras), "--heartbeat-interval", "10"],
        env=server_env(db, port), stdout=log, stderr=subprocess.STDOUT,
    )
    stop = threading.Event()
    rows = []
    try:
        token = local_token(port)
        deadline = time.time() + 60
        cameras = []
        while time.time() < deadline and len(cameras) < args.nodes * args.cameras:
            status, raw = call("GET", port, "/api/cameras", token)
            body = json.loads(raw) if status == 200 else []
            items = body if isinstance(body, list) else body.get("cameras", [])
            cameras = [c.get("camera_id") or c.get("id") for c in items]
            time.sleep(1)
        if not cameras:
            raise SystemExit("soak: no cameras appeared")
        counters = Counters()
        for i in range(args.viewers):
            threading.Thread(target=viewer, args=(port, token, cameras, counters, stop, i), daemon=True).start()
        print(f"soak: {args.nodes} nodes x {args.cameras} cameras, {args.viewers} viewers, {args.minutes} min, "
              f"binary {BIN}, pid {server.pid}", flush=True)
        started = time.time()
        end = started + args.minutes * 60
        while time.time() < end:
            time.sleep(min(args.sample, max(0.0, end - time.time())))
            if server.poll() is not None:
                raise SystemExit(f"soak: server exited with {server.returncode}")
            rss, fds, threads = proc_stats(server.pid)
            counts = counters.take()
            row = (round((time.time() - started) / 60, 1), rss, fds, threads, counts)
            rows.append(row)
            print(f"soak: t={row[0]:>5} min rss={rss:7.1f} MiB fds={fds:4} threads={threads:3} {counts}", flush=True)
    finally:
        stop.set()
        sim.terminate()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    print("\n| minute | RSS MiB | open fds | threads | 2xx | 4xx | 5xx | conn errors |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for minute, rss, fds, threads, c in rows:
        print(f"| {minute} | {rss:.1f} | {fds} | {threads} | {c['2xx']} | {c['4xx']} | {c['5xx']} | {c['conn']} |")
    bad = sum(c["5xx"] + c["conn"] for *_, c in rows)
    if len(rows) >= 3:
        settled = rows[len(rows) // 3:]
        fd_growth = settled[-1][2] - settled[0][2]
        rss_growth = settled[-1][1] - settled[0][1]
        print(f"\nsoak: after warm-up, RSS {rss_growth:+.1f} MiB, fds {fd_growth:+d}")
        if fd_growth > 20:
            print("soak: FAIL: file descriptors keep growing", file=sys.stderr)
            sys.exit(1)
    if bad:
        print(f"soak: FAIL: {bad} 5xx or connection errors", file=sys.stderr)
        sys.exit(1)
    print("soak: passed")


if __name__ == "__main__":
    main()
