"""Process helpers shared by the fault and soak scripts: the real `sentinel` binary in local
mode on a temp database, a fake Resend, small HTTP calls."""

import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/sentinel/target"))
BIN = os.environ.get("SENTINEL_BIN", os.path.join(TARGET, "debug", "sentinel"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(db, port, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "REDIS_URL")}
    env.update(DATABASE_URL=db, PORT=str(port), STATIC_DIR="/nonexistent", RUST_LOG=env.get("RUST_LOG", "warn"))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_server(db, port, log, **extra):
    proc = subprocess.Popen([BIN, "serve"], env=server_env(db, port, **extra), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if call("GET", port, "/api/health")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not become healthy")


def call(method, port, path, token=None, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, raw
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def local_token(port, role="admin"):
    status, raw = call("POST", port, "/api/local/session", body={"role": role})
    assert status == 200, (status, raw)
    return json.loads(raw)["token"]


def integrity(db):
    import sqlite3

    conn = sqlite3.connect(db, timeout=10)
    try:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


class FakeResend:
    """Resend's POST /emails: honours Idempotency-Key like the real service (a repeated key
    returns the first id and delivers nothing new) and counts deliveries per key."""

    def __init__(self, delay=0.02):
        self.lock = threading.Lock()
        self.delivered = {}  # idempotency key -> message id
        self.posts = 0
        self.delay = delay
        fake = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # a client killed mid-request is the point of the test

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                self.rfile.read(length)
                key = self.headers.get("idempotency-key", "")
                time.sleep(fake.delay)
                with fake.lock:
                    fake.posts += 1
                    message_id = fake.delivered.setdefault(key, f"msg-{len(fake.delivered) + 1}")
                body = json.dumps({"id": message_id}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def count(self):
        with self.lock:
            return len(self.delivered)
