#!/usr/bin/env python3
"""kill -9 the real server while a simulated node pushes and the e-mail worker drains the
outbox, restart it on the same SQLite file, and check: the database passes
`PRAGMA integrity_check`, every outbox mail reaches the (fake) Resend exactly once by its
idempotency key and is marked sent with that message id, and the simulated node comes back
over HTTP (fresh segments) and WebSocket (`/api/nodes/ws-status`) on its own."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import BIN, FakeResend, call, free_port, integrity, local_token, server_env, start_server  # noqa: E402

MAILS = int(os.environ.get("FAULT_MAILS", "120"))
KILLS = int(os.environ.get("FAULT_KILLS", "3"))


def fail(message):
    print(f"faults: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def seed_outbox(db):
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO email_outbox (org_id, recipient_email, subject, body_text, body_html, kind, status)"
            " VALUES ('org_local', ?, ?, 'text', '<p>html</p>', 'motion', 'pending')",
            [(f"user{i}@example.com", f"fault mail {i}") for i in range(MAILS)],
        )


def outbox(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, status, resend_message_id FROM email_outbox").fetchall()


def wait_for(what, predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    fail(f"timed out waiting for {what}")


def ws_connected(port, token):
    status, raw = call("GET", port, "/api/nodes/ws-status", token)
    return status == 200 and json.loads(raw)["count"] >= 1


def cameras(port, token):
    status, raw = call("GET", port, "/api/cameras", token)
    assert status == 200, raw
    body = json.loads(raw)
    items = body if isinstance(body, list) else body.get("cameras", [])
    return [c.get("camera_id") or c.get("id") for c in items]


def playlist_ok(port, token, camera):
    status, _ = call("GET", port, f"/api/cameras/{camera}/stream.m3u8", token)
    return status == 200


def main():
    work = tempfile.mkdtemp(prefix="sentinel-faults-")
    db = os.path.join(work, "sentinel.db")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "ab")
    resend = FakeResend()
    mail_env = dict(
        EMAIL_ENABLED="true",
        RESEND_API_KEY="re_fault_test",
        RESEND_BASE_URL=f"http://127.0.0.1:{resend.port}",
        EMAIL_WORKER_INTERVAL_SECONDS=1,
        EMAIL_WORKER_BATCH_SIZE=10,
    )
    subprocess.run([BIN, "migrate"], env=server_env(db, port), check=True, stdout=log, stderr=subprocess.STDOUT)
    seed_outbox(db)
    server = start_server(db, port, log, **mail_env)
    sim = subprocess.Popen(
        [BIN, "simulate-node", "--api-url", f"http://127.0.0.1:{port}", "--create-nodes", "1", "--cameras", "2",
         "--heartbeat-interval", "2", "--motion-every", "0"],
        env=server_env(db, port), stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        token = local_token(port)
        wait_for("the node's WebSocket", lambda: ws_connected(port, token), 60)
        cams = wait_for("cameras", lambda: cameras(port, token), 30)
        wait_for("live playlists", lambda: all(playlist_ok(port, token, c) for c in cams), 60)
        for kill in range(1, KILLS + 1):
            before = resend.count()
            wait_for("the worker to drain some mail", lambda: resend.count() > before or resend.count() >= MAILS, 60)
            server.kill()  # SIGKILL: no shutdown hooks, no WAL checkpoint
            server.wait()
            result = integrity(db)
            if result != "ok":
                fail(f"integrity_check after kill {kill}: {result}")
            print(f"faults: kill -9 #{kill} with {resend.count()}/{MAILS} mails delivered; integrity ok")
            time.sleep(1.5)  # the node notices: failed pushes, a closed socket
            server = start_server(db, port, log, **mail_env)
            token = local_token(port)
            wait_for("the node's WebSocket to reconnect", lambda: ws_connected(port, token), 60)
            wait_for("the node's HTTP pushes to resume",
                     lambda: all(playlist_ok(port, token, c) for c in cams), 60)
            print(f"faults: node reconnected over WebSocket and HTTP after kill #{kill}")
        # Rows claimed ("sending") when the process died are reclaimed after the worker's
        # RECLAIM_AFTER_SECONDS (60 s) and re-sent with the same idempotency key.
        wait_for("every mail", lambda: all(row[1] == "sent" for row in outbox(db)), 240)
        rows = outbox(db)
        if resend.count() != MAILS:
            fail(f"{resend.count()} distinct mails at Resend, expected {MAILS}")
        missing = [r[0] for r in rows if f"outbox-{r[0]}" not in resend.delivered]
        if missing:
            fail(f"outbox rows never delivered: {missing[:10]}")
        wrong = [r for r in rows if resend.delivered.get(f"outbox-{r[0]}") != r[2]]
        if wrong:
            fail(f"rows whose message id is not Resend's: {wrong[:5]}")
        sent_rows = len([r for r in rows if r[1] == "sent"])
        print(f"faults: {MAILS} mails, {sent_rows} sent rows, {resend.count()} delivered once each, "
              f"{resend.posts - resend.count()} idempotent re-posts after kills")
        server.terminate()
        server.wait(timeout=20)
        result = integrity(db)
        if result != "ok":
            fail(f"final integrity_check: {result}")
        print("faults: crash/restart passed")
    finally:
        sim.kill()
        server.kill()


if __name__ == "__main__":
    main()
