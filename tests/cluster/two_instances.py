#!/usr/bin/env python3
"""Two `sentinel serve` processes behind one name, on one PostgreSQL schema and one Redis:

- a simulated node registers and streams through instance A (via a failover proxy that
  prefers A, the "one name" a load balancer would give);
- a viewer on instance B plays the camera (playlist + segment from the Redis live store);
- motion the node posts to A arrives on B's motion SSE stream;
- a snapshot requested on B is answered by the node whose WebSocket A holds;
- killing A (SIGKILL) moves every singleton loop to B within one lease period, and the
  node reconnects (HTTP and WebSocket) to B on its own.

Needs PostgreSQL (SENTINEL_TEST_POSTGRES_URL, default the local server's `test` database)
and Redis (SENTINEL_TEST_REDIS_URL, default 127.0.0.1:6379)."""

import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "faults"))
from common import BIN, call, free_port, local_token  # noqa: E402

POSTGRES = os.environ.get("SENTINEL_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("SENTINEL_TEST_REDIS_URL", "redis://127.0.0.1:6379")
SINGLETONS = {"offline_sweep", "log_cleanup", "plan_reconcile", "email_worker", "motion_digest", "sentinel_reaper"}
LEASE_SECONDS = 15


def fail(message):
    print(f"cluster: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def step(message):
    print(f"cluster: {message}", flush=True)


def wait_for(what, predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    fail(f"timed out after {timeout}s waiting for {what}")


def psql(sql):
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    subprocess.run(["psql", POSTGRES, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL, env=env)


class FailoverProxy:
    """A TCP proxy on one port: each connection goes to the first backend that accepts it
    (A while it lives, then B), like a load balancer with health checks."""

    def __init__(self, backends):
        self.backends = backends
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        for port in self.backends:
            try:
                upstream = socket.create_connection(("127.0.0.1", port), timeout=2)
                upstream.settimeout(None)
                break
            except OSError:
                continue
        else:
            client.close()
            return
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Instance:
    def __init__(self, name, work, database_url, key_file):
        self.name = name
        self.port = free_port()
        self.log = open(os.path.join(work, f"instance-{name}.log"), "ab")
        env = {k: v for k, v in os.environ.items() if k not in ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY")}
        env.update(
            DATABASE_URL=database_url, PORT=str(self.port), STATIC_DIR="/nonexistent",
            REDIS_URL=REDIS, LIVE_STORE="redis", INSTANCE_ID=f"cluster-test-{name}",
            LOCAL_SIGNING_KEY_FILE=key_file, RUST_LOG=env.get("RUST_LOG", "warn"),
        )
        self.proc = subprocess.Popen([BIN, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                fail(f"instance {name} exited with {self.proc.returncode} (see its log)")
            try:
                if call("GET", self.port, "/api/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        fail(f"instance {name} did not become healthy")

    def singleton_loops(self, token):
        status, raw = call("GET", self.port, "/api/health/detailed", token)
        if status != 200:
            return set()
        return set(json.loads(raw).get("singleton_loops", []))

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def cameras(port, token):
    status, raw = call("GET", port, "/api/cameras", token)
    if status != 200:
        return []
    body = json.loads(raw)
    items = body if isinstance(body, list) else body.get("cameras", [])
    return [c.get("camera_id") or c.get("id") for c in items]


def playlist(port, token, camera):
    status, raw = call("GET", port, f"/api/cameras/{camera}/stream.m3u8", token)
    return raw.decode() if status == 200 else None


def media_playlist(port, token, camera):
    """The master playlist's variant (or the playlist itself when it lists segments)."""
    body = playlist(port, token, camera)
    if body is None:
        return None
    uris = [line for line in body.splitlines() if line and not line.startswith("#")]
    if uris and uris[0].split("?")[0].endswith(".m3u8"):
        path = uris[0] if uris[0].startswith("/") else f"/api/cameras/{camera}/{uris[0]}"
        status, raw = call("GET", port, path, token)
        return raw.decode() if status == 200 else None
    return body


def media_sequence(body):
    for line in body.splitlines():
        if line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            return int(line.split(":", 1)[1])
    return -1


def first_segment(port, token, camera, body):
    uris = [line for line in body.splitlines() if line and not line.startswith("#")]
    if not uris:
        return None
    path = uris[-1] if uris[-1].startswith("/") else f"/api/cameras/{camera}/{uris[-1]}"
    req_token = None if "token=" in path else token
    status, raw = call("GET", port, path, req_token)
    return raw if status == 200 else None


def open_motion_stream(port, token, events):
    """Reads B's motion SSE stream in a thread, putting each `data:` JSON on `events`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/api/motion/events/stream", headers={"authorization": f"Bearer {token}",
                                                              "accept": "text/event-stream"})
    response = conn.getresponse()
    if response.status != 200:
        fail(f"motion stream on B answered {response.status}")

    def read():
        try:
            for raw in response:
                line = raw.decode().strip()
                if line.startswith("data:"):
                    try:
                        events.put(json.loads(line[5:].strip()))
                    except ValueError:
                        pass
        except (OSError, AttributeError, ValueError):
            pass  # the stream was closed under the reader: the test is done with it

    threading.Thread(target=read, daemon=True).start()
    return conn


def main():
    if not os.path.exists(BIN):
        fail(f"no server binary at {BIN} (cargo build -p sentinel-app --bin sentinel)")
    work = tempfile.mkdtemp(prefix="sentinel-cluster-")
    schema = f"cluster_{uuid.uuid4().hex[:12]}"
    psql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES else "?"
    database_url = f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    key_file = os.path.join(work, "local-signing-key.pem")
    processes = []
    try:
        a = Instance("a", work, database_url, key_file)
        b = Instance("b", work, database_url, key_file)
        processes += [a.proc, b.proc]
        step(f"instances up: A on {a.port}, B on {b.port}, one schema, one Redis")
        proxy = FailoverProxy([a.port, b.port])
        sim_log = open(os.path.join(work, "simulator.log"), "ab")
        sim = subprocess.Popen(
            [BIN, "simulate-node", "--api-url", f"http://127.0.0.1:{proxy.port}", "--create-nodes", "1",
             "--cameras", "1", "--heartbeat-interval", "2", "--motion-every", "2"],
            stdout=sim_log, stderr=subprocess.STDOUT,
        )
        processes.append(sim)
        token_a = local_token(a.port)
        token_b = local_token(b.port)
        cams = wait_for("the node's camera (seen from B)", lambda: cameras(b.port, token_b), 60)
        camera = cams[0]

        body = wait_for("a playlist on B for the camera streaming to A",
                        lambda: media_playlist(b.port, token_b, camera), 60)
        segment = wait_for("a segment served by B", lambda: first_segment(b.port, token_b, camera,
                                                                          media_playlist(b.port, token_b, camera) or body), 30)
        step(f"viewer on B plays the camera pushed to A: playlist sequence {media_sequence(body)}, "
             f"segment of {len(segment)} bytes")

        events = queue.Queue()
        stream = open_motion_stream(b.port, token_b, events)
        deadline = time.time() + 30
        motion = None
        while time.time() < deadline and motion is None:
            try:
                event = events.get(timeout=1)
            except queue.Empty:
                continue
            if event.get("type") == "motion" and event.get("camera_id") == camera:
                motion = event
        if motion is None:
            fail("no motion event reached B's SSE stream")
        step(f"motion posted to A arrived on B's SSE stream (score {motion.get('score')})")
        stream.close()

        status, raw = call("POST", b.port, f"/api/cameras/{camera}/snapshot", token_b, body={}, timeout=20)
        if status != 200:
            fail(f"snapshot requested on B: HTTP {status}: {raw[:200]!r}")
        step(f"snapshot requested on B answered by the node on A ({len(raw)} bytes)")

        held_a = wait_for("A to hold every singleton loop", lambda: a.singleton_loops(token_a) >= SINGLETONS and a.singleton_loops(token_a), 30)
        if b.singleton_loops(token_b):
            fail(f"B runs singleton loops while A holds them: {sorted(b.singleton_loops(token_b))}")
        step(f"A holds the singleton loops: {sorted(held_a)}; B stands by")

        killed_at = time.time()
        a.kill()
        held_b = wait_for("B to take over every singleton loop",
                          lambda: b.singleton_loops(token_b) >= SINGLETONS and b.singleton_loops(token_b),
                          LEASE_SECONDS + 10)
        took = time.time() - killed_at
        if took > LEASE_SECONDS + 2:
            fail(f"hand-over took {took:.1f}s, more than one lease period ({LEASE_SECONDS}s)")
        step(f"A killed; B took over {sorted(held_b)} in {took:.1f}s (lease {LEASE_SECONDS}s)")

        def ws_on_b():
            status, raw = call("GET", b.port, "/api/nodes/ws-status", token_b)
            return status == 200 and json.loads(raw).get("count", 0) >= 1

        wait_for("the node's WebSocket on B", ws_on_b, 60)
        before = media_sequence(media_playlist(b.port, token_b, camera) or "")
        wait_for("fresh pushes through B",
                 lambda: media_sequence(media_playlist(b.port, token_b, camera) or "") > before, 30)
        step("the node reconnected to B over WebSocket and HTTP")
        step("two-instance test passed")
    finally:
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
        try:
            psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        except subprocess.CalledProcessError:
            pass


if __name__ == "__main__":
    main()
