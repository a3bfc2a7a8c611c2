#!/usr/bin/env python3
"""The abuse run: the real release binary in Clerk mode, attacked over loopback the way an
outsider without credentials would, while a legitimate node, pusher and viewer go on.

Set-up: a JWKS server of our own (RSA key, kid `abuse-key`) and RS256 session tokens
signed here; `sentinel serve` on a temp SQLite database at the default log level, its
output captured; an org admin creates a node, `sentinel simulate-node` runs it (register,
heartbeats, `/ws/node`, a segment and playlist a second); this script also pushes ~100 KB
segments a few times a second over keep-alive (latency measured), watches the camera as a
member, and samples `GET /api/health` every ~100 ms on fresh connections.

Phases: 0 idle baseline; 1 slow bodies (12,000 connections each promising 1000 body bytes
and sending one, held 30 s, reopened when the server closes them); 2 random-key floods on
rate-limited routes; 3 wrong-key `/ws/node` upgrades for the real node; 4 JWKS outage plus
one forged token. The attacker runs in its own process (`attack.py`), bound to other
loopback addresses (127.0.0.2...) when the host allows, so the server sees another client
than the node. A server that dies is recorded (a failed criterion) and restarted, so the
later phases still give figures.

Criteria: slow bodies answered 408; the process never died; `/api/health` p99 < 250 ms
over phases 1-4 with no failed sample; the legitimate push median of every attack phase
<= 3x the idle median (idle floored at 1 ms) with <= 1% failed pushes; after the wrong-key
attempts the node's socket is connected, a right-key upgrade gets 101 and the simulator
gets its socket back; during the JWKS outage a forged token gets 401 and every fresh valid
token 200; no log line over 16 KiB; under 50 MiB of log. Exit 0 only when all hold.

Environment: SENTINEL_BIN (default $CARGO_TARGET_DIR/release/sentinel, CARGO_TARGET_DIR
default ~/.cache/sentinel/target); ABUSE_KEEP_DIR=1 keeps the temp dir (logs, database);
ABUSE_PHASES=0,2 runs a subset (the others are SKIP); the other ABUSE_* knobs are in
KNOBS below. The server log is measured while it grows and truncated past 256 MiB so an
exploding log cannot fill the disk (its total then counts sizes only)."""

import ctypes
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import (  # noqa: E402
    BlockingConnection, JwksServer, LogMeter, SigningKey, api, build_request, fmt_ms, free_port, median,
    load_average, one_shot, percentile, process_cpu_seconds, process_figures, source_address_works,
    websocket_upgrade,
)

TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/sentinel/target"))
BIN = os.environ.get("SENTINEL_BIN", os.path.join(TARGET, "release", "sentinel"))
HERE = os.path.dirname(os.path.abspath(__file__))


def knob(name, default, kind=int):
    return kind(os.environ.get(name, default))


KNOBS = {
    "timeout": knob("ABUSE_TIMEOUT_SECONDS", 240),
    "idle": knob("ABUSE_IDLE_SECONDS", 5),
    "slow_connections": knob("ABUSE_SLOW_CONNECTIONS", 12000),
    "slow_hold": knob("ABUSE_SLOW_HOLD_SECONDS", 30),
    "slow_ramp_limit": knob("ABUSE_SLOW_RAMP_LIMIT_SECONDS", 40),
    "flood_seconds": knob("ABUSE_FLOOD_SECONDS", 20),
    "flood_connections": knob("ABUSE_FLOOD_CONNECTIONS", 32),
    "wrong_key_attempts": knob("ABUSE_WRONG_KEY_ATTEMPTS", 50),
    "attacker_nice": knob("ABUSE_ATTACKER_NICE", 0),
    "push_interval": knob("ABUSE_PUSH_INTERVAL_SECONDS", 0.2, float),
    "push_bytes": knob("ABUSE_PUSH_BYTES", 100_000),
    "health_interval": knob("ABUSE_HEALTH_INTERVAL_SECONDS", 0.1, float),
    "idle_floor_ms": knob("ABUSE_IDLE_FLOOR_MS", 1.0, float),
    # Phase 0 (the idle baseline) always runs.
    "phases": sorted({p.strip() for p in os.environ.get("ABUSE_PHASES", "0,1,2,3,4").split(",")}
                     & {"0", "1", "2", "3", "4"}),
    "attacker_ips": os.environ.get("ABUSE_SOURCE_IPS", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"),
}

# Criteria.
HEALTH_P99_MS = 250.0
PUSH_MEDIAN_FACTOR = 3.0
# Failed pushes count as infinitely slow in the median; beyond that, at most this share may fail.
PUSH_MAX_FAILED = 0.01
MAX_LOG_LINE = 16 * 1024
MAX_LOG_BYTES = 50 * 1024 * 1024
# adapters-clerk/src/jwks_cache.rs: MIN_REFETCH_INTERVAL is 5 s.
REFETCH_SPACING_S = 6.0

ATTACK_PHASES = ("1 slow bodies", "2 floods", "3 node lockout", "4 jwks outage")


_LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def die_with_parent():
    """In a child before exec: SIGKILL it when this run dies, even by SIGKILL (Linux). Every
    child is spawned from the main thread, whose exit is what the kernel watches."""
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def say(message):
    print(f"abuse: {message}", flush=True)


class Abort(Exception):
    """The run cannot go on (set-up failed, the server died three times): reported as FAIL."""


# ----- the run ----------------------------------------------------------------------------


class Run:
    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="sentinel-abuse-")
        self.children = []  # Popen handles we started, killed on exit
        self.phase = "setup"
        self.stop_sampling = threading.Event()
        self.health = []  # (phase, latency ms, ok)
        self.pushes = []  # (phase, latency ms, status or error)
        self.views = []  # (phase, playlist status, segment status)
        self.phase_figures = {}  # phase -> server process and log figures at its end
        self.peaks = {}  # phase -> peak fds / rss / threads seen while it ran
        self.results = {}
        self.criteria = []  # (name, figure, target, passed)
        self.server = None
        self.env = None
        self.deaths = []  # the server's deaths: phase, how, last log lines
        self.log_path = os.path.join(self.work, "server.log")
        self.logmeter = LogMeter(self.log_path, scan_cap=256 << 20)
        self.jwks = None
        self.started = time.monotonic()
        self.nofile = None
        self.load_at_start = load_average()

    # -- process management --

    def spawn(self, args, log_name, env, **kw):
        log = open(os.path.join(self.work, log_name), "ab")
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.work,
                                start_new_session=True, preexec_fn=die_with_parent, **kw)
        self.children.append(proc)
        return proc

    def cleanup(self):
        self.stop_sampling.set()
        for proc in reversed(self.children):
            if proc.poll() is None:
                try:
                    proc.kill()
                except OSError:
                    pass
        for proc in self.children:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self.jwks is not None:
            self.jwks.stop()
        if os.environ.get("ABUSE_KEEP_DIR"):
            say(f"kept {self.work} (ABUSE_KEEP_DIR)")
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def server_env(self, port):
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")
        env = {k: v for k, v in os.environ.items() if k in keep}
        dead_port = free_port()  # nothing listens there: outbound feeds fail fast, on loopback
        env.update(
            HOST="127.0.0.1",
            PORT=str(port),
            DATABASE_URL=os.path.join(self.work, "sentinel.db"),
            STATIC_DIR="/nonexistent",
            CLERK_SECRET_KEY="sk_test_abuse",
            CLERK_PUBLISHABLE_KEY=self.jwks.publishable_key(),
            CLERK_JWKS_URL=self.jwks.url,
            FRONTEND_URL="http://localhost:5173",
            RELEASE_FEED_URL=f"http://127.0.0.1:{dead_port}/releases/latest",
        )
        return env

    def alive(self):
        return self.server is not None and self.server.poll() is None

    def start_server(self):
        self.server = self.spawn([BIN, "serve"], "server.log", self.env)
        deadline = time.time() + 60
        while True:
            if not self.alive():
                raise Abort(f"the server exited with {self.server.returncode} at start:\n{self.tail_log()}")
            try:
                if one_shot(self.port, "GET", "/api/health", timeout=2).status == 200:
                    return
            except OSError:
                pass
            if time.time() > deadline:
                raise Abort("the server did not become healthy in 60 s")
            time.sleep(0.2)

    def check_server(self):
        """A server that died is recorded (a failed criterion) and restarted on the same
        database and port, so the remaining phases still give their figures."""
        if self.alive():
            return
        code = self.server.returncode
        how = f"signal {-code} ({signal.Signals(-code).name})" if code < 0 else f"exit code {code}"
        tail = self.tail_log(6)
        self.deaths.append({"phase": self.phase, "how": how, "tail": tail})
        say(f"SERVER DIED during phase {self.phase}: {how}; its last log lines:")
        for line in tail.splitlines():
            say(f"  | {line}")
        if len(self.deaths) >= 3:
            raise Abort("the server died three times")
        self.start_server()
        say(f"  restarted it (pid {self.server.pid}) on the same database and port to measure the rest")

    def log_size(self):
        return self.logmeter.total()

    def note_peaks(self):
        if not self.alive():
            return
        figures = process_figures(self.server.pid)
        peak = self.peaks.setdefault(self.phase, {})
        for key, value in figures.items():
            if value is not None:
                peak[key] = max(peak.get(key, 0), value)

    def begin_phase(self, name):
        self.phase = name
        self.phase_began = (time.monotonic(), self.server.pid, process_cpu_seconds(self.server.pid))

    def end_phase(self):
        self.note_peaks()
        figures = process_figures(self.server.pid) if self.alive() else {}
        figures["log_bytes"] = self.log_size()
        began, pid, cpu = self.phase_began
        now_cpu = process_cpu_seconds(self.server.pid)
        if pid == self.server.pid and cpu is not None and now_cpu is not None:
            figures["cpu_pct"] = round(100 * (now_cpu - cpu) / max(0.001, time.monotonic() - began))
        figures["seconds"] = round(time.monotonic() - began, 1)
        self.phase_figures[self.phase] = figures

    # -- set-up --

    def raise_nofile(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError) as error:
            say(f"could not raise RLIMIT_NOFILE: {error}")
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        self.nofile = soft
        note = "" if soft >= 30000 else f" (below 30,000: the hard limit is {hard})"
        say(f"RLIMIT_NOFILE soft={soft} hard={hard}{note}; the server and the attacker inherit it")
        needed = KNOBS["slow_connections"] + 1000
        if soft < needed:
            say(f"WARNING: {KNOBS['slow_connections']} slow connections need ~{needed} descriptors per process")

    def start(self):
        if not os.path.exists(BIN):
            raise Abort(f"no server binary at {BIN} (cargo build --release -p sentinel-app --bin sentinel)")
        self.raise_nofile()
        cores = os.cpu_count() or 1
        busy = float(self.load_at_start) >= 0.75 * cores if self.load_at_start != "?" else False
        say(f"1-minute load average {self.load_at_start} on {cores} cores"
            + (": the machine was busy, latency figures may be noisy" if busy else ""))
        ips = [ip.strip() for ip in KNOBS["attacker_ips"].split(",") if ip.strip()]
        self.attacker_ips = [ip for ip in ips if source_address_works(ip)] or ["127.0.0.1"]
        say(f"attacker source addresses: {', '.join(self.attacker_ips)}; legitimate clients: 127.0.0.1")
        self.key = SigningKey()
        self.jwks = JwksServer(self.key)
        self.port = free_port()
        env = self.server_env(self.port)
        migrate = subprocess.run([BIN, "migrate"], env=env, cwd=self.work, capture_output=True, timeout=60)
        if migrate.returncode != 0:
            raise Abort(f"sentinel migrate failed: {migrate.stderr.decode(errors='replace')[-2000:]}")
        self.env = env
        self.start_server()
        say(f"server pid {self.server.pid} on 127.0.0.1:{self.port} (Clerk mode, JWKS on :{self.jwks.port})")

        self.org = "org_abuse"
        self.admin = self.key.token("user_abuse_admin", self.org, "org:admin")
        self.member = self.key.token("user_abuse_viewer", self.org, "org:member")
        created = api(self.port, "POST", "/api/nodes", self.admin, {"name": "abuse-node"})
        if created.status != 200:
            raise Abort(f"POST /api/nodes answered {created.status}: {created.body[:500]!r}")
        node = created.json()
        self.node_id, self.node_key = node["node_id"], node["api_key"]
        say(f"node {self.node_id} created by an org admin (signed RS256 token)")
        sim_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
        self.sim = self.spawn([BIN, "simulate-node", "--node-id", self.node_id, "--api-key", self.node_key,
                               "--api-url", f"http://127.0.0.1:{self.port}", "--cameras", "1"],
                              "simulator.log", sim_env)
        self.camera = self.wait_for("the simulated camera", self.first_camera, 60)
        self.wait_for("the node's WebSocket", self.node_connected, 60)
        self.wait_for("the camera's playlist", lambda: api(
            self.port, "GET", f"/api/cameras/{self.camera}/stream.m3u8", self.member).status == 200, 60)
        say(f"simulator streaming camera {self.camera}; its WebSocket is connected")

    def wait_for(self, what, predicate, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.check_server()
            try:
                value = predicate()
            except (OSError, ValueError, KeyError):
                value = None
            if value:
                return value
            time.sleep(0.3)
        raise Abort(f"timed out after {timeout} s waiting for {what}")

    def first_camera(self):
        answer = api(self.port, "GET", "/api/cameras", self.admin)
        if answer.status != 200:
            return None
        body = answer.json()
        items = body if isinstance(body, list) else body.get("cameras", [])
        ids = [c.get("camera_id") or c.get("id") for c in items]
        return ids[0] if ids else None

    def node_connected(self):
        answer = api(self.port, "GET", "/api/nodes/ws-status", self.admin, timeout=5)
        return answer.status == 200 and self.node_id in answer.json().get("connected_nodes", [])

    def node_connected_quietly(self):
        try:
            return self.node_connected()
        except (OSError, ValueError):
            return False

    def tail_log(self, lines=20, width=240):
        """The log's last lines, colours removed, each cut to `width` characters."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", self.logmeter.tail().decode(errors="replace"))
        kept = [line if len(line) <= width else f"{line[:width]}... ({len(line):,} chars)"
                for line in text.splitlines() if line.strip()]
        return "\n".join(kept[-lines:])

    # -- legitimate traffic, in threads of this process --

    def start_legit_traffic(self):
        for target, name in ((self.sample_health, "health"), (self.push_segments, "pusher"),
                             (self.watch_camera, "viewer"), (self.watch_process, "watcher"),
                             (self.meter_log, "logmeter")):
            threading.Thread(target=self.guarded(target), name=name, daemon=True).start()

    def guarded(self, target):
        def run():
            try:
                target()
            except Exception:  # noqa: BLE001 - a sampler bug must show, not hang the run
                traceback.print_exc()
        return run

    def sample_health(self):
        interval = KNOBS["health_interval"]
        request = build_request("GET", "/api/health", keep_alive=False)
        while not self.stop_sampling.is_set():
            phase = self.phase
            began = time.perf_counter()
            conn = BlockingConnection(self.port, timeout=5.0)
            try:
                ok = conn.request(request).status == 200
            except OSError:
                ok = False
            finally:
                conn.close()
            latency = (time.perf_counter() - began) * 1000
            self.health.append((phase, latency, ok))
            self.stop_sampling.wait(max(0.0, interval - latency / 1000))

    def push_segments(self):
        interval = KNOBS["push_interval"]
        packet = b"\x47\x1f\xff\x10" + b"\xff" * 184  # an MPEG-TS null packet
        body = packet * (KNOBS["push_bytes"] // len(packet) + 1)
        conn = BlockingConnection(self.port, timeout=5.0)
        sequence = 900_000
        next_at = time.monotonic()
        while not self.stop_sampling.is_set():
            phase = self.phase
            sequence += 1
            request = build_request(
                "POST", f"/api/cameras/{self.camera}/push-segment?filename=segment_{sequence}.ts",
                {"X-Node-API-Key": self.node_key, "Content-Type": "video/mp2t"}, body)
            began = time.perf_counter()
            try:
                outcome = conn.request(request).status
            except OSError as error:
                outcome = type(error).__name__
                conn.close()
            self.pushes.append((phase, (time.perf_counter() - began) * 1000, outcome))
            next_at += interval
            self.stop_sampling.wait(max(0.0, next_at - time.monotonic()))
            next_at = max(next_at, time.monotonic() - interval)
        conn.close()

    def watch_camera(self):
        conn = BlockingConnection(self.port, timeout=5.0)
        auth = {"Authorization": f"Bearer {self.member}"}
        playlist_path = f"/api/cameras/{self.camera}/stream.m3u8"
        while not self.stop_sampling.is_set():
            phase = self.phase
            segment_status = None
            try:
                playlist = conn.request(build_request("GET", playlist_path, auth))
                playlist_status = playlist.status
                uris = [line for line in playlist.body.decode(errors="replace").splitlines()
                        if line and not line.startswith("#")]
                if playlist.status == 200 and uris:
                    uri = uris[-1]
                    path = uri if uri.startswith("/") else f"/api/cameras/{self.camera}/{uri}"
                    segment_status = conn.request(build_request("GET", path, auth)).status
            except OSError as error:
                playlist_status = type(error).__name__
                conn.close()
            self.views.append((phase, playlist_status, segment_status))
            self.stop_sampling.wait(1.0)
        conn.close()

    def meter_log(self):
        while not self.stop_sampling.is_set():
            self.logmeter.poll()
            self.stop_sampling.wait(0.5)

    def watch_process(self):
        while not self.stop_sampling.is_set():
            self.note_peaks()
            self.stop_sampling.wait(1.0)

    # -- the attacker process --

    def attack(self, config, timeout):
        config = dict(config, port=self.port, source_ips=self.attacker_ips, nice=KNOBS["attacker_nice"])
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "attack.py"), json.dumps(config)],
                                stdout=subprocess.PIPE, start_new_session=True, preexec_fn=die_with_parent)
        self.children.append(proc)
        deadline = time.monotonic() + timeout
        chunks = []
        reader = threading.Thread(target=lambda: chunks.append(proc.stdout.read()), daemon=True)
        reader.start()
        began = time.monotonic()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise Abort(f"the attacker of phase {self.phase} did not finish in {timeout} s")
            self.check_server()  # a dead server is restarted; the attacker goes on against it
            time.sleep(0.5)
        reader.join(5)
        output = b"".join(chunks).decode(errors="replace").strip().splitlines()
        if proc.returncode != 0 or not output:
            raise Abort(f"the attacker of phase {self.phase} failed (exit {proc.returncode})")
        result = json.loads(output[-1])
        cpu = usage.ru_utime + usage.ru_stime
        result["attacker_cpu_pct"] = round(100 * cpu / max(0.001, time.monotonic() - began))
        return result

    # -- phases --

    def phase0_idle(self):
        self.begin_phase("0 idle")
        say(f"phase 0: idle baseline, {KNOBS['idle']} s")
        time.sleep(KNOBS["idle"])
        self.end_phase()
        self.phase_summary(self.phase)

    def phase1_slow_bodies(self):
        self.begin_phase("1 slow bodies")
        n = KNOBS["slow_connections"]
        say(f"phase 1: {n} connections POST /api/webhooks/clerk, Content-Length 1000, 1 byte sent, "
            f"held {KNOBS['slow_hold']} s (reopened when the server closes them)")
        result = self.attack({"phase": "slow-bodies", "connections": n, "hold_seconds": KNOBS["slow_hold"],
                              "ramp_limit_seconds": KNOBS["slow_ramp_limit"]},
                             timeout=KNOBS["slow_ramp_limit"] + KNOBS["slow_hold"] + 60)
        self.results["slow"] = result
        self.settle(result)
        self.end_phase()
        closes = ", ".join(f"{k}: {v}" for k, v in sorted(result["closes"].items())) or "none"
        say(f"  reached {result['peak_open']} open (target {n}) in {result['ramp_seconds']} s; "
            f"min open while holding {result['open_min_during_hold']}; opened {result['opened_total']} in all")
        say(f"  closed by the server: {result['closed_by_server']} ({closes}); "
            f"median lifetime of a closed one {result['lifetime_median_s']} s; "
            f"connect errors {result['connect_errors'] or 'none'}")
        peak = self.peaks.get(self.phase, {})
        say(f"  server peak: {peak.get('fds')} fds, {peak.get('rss_mib')} MiB RSS, {peak.get('threads')} threads")
        self.phase_summary(self.phase)

    def settle(self, result):
        """Waits (at most 20 s) for the server to let go of the attacker's connections, so
        that what their end costs is counted in this phase."""
        began = time.monotonic()
        baseline = self.phase_figures.get("0 idle", {}).get("fds") or 64
        fds = None
        while time.monotonic() - began < 20:
            self.check_server()
            fds = process_figures(self.server.pid)["fds"]
            if fds is not None and fds < baseline + 200:
                break
            time.sleep(0.25)
        result["settle_seconds"] = round(time.monotonic() - began, 1)
        result["fds_after_settle"] = fds
        say(f"  the server held {fds} descriptors {result['settle_seconds']} s after the attacker left")

    def phase2_floods(self):
        self.begin_phase("2 floods")
        say(f"phase 2: random-key floods for {KNOBS['flood_seconds']} s on {KNOBS['flood_connections']} "
            f"keep-alive connections")
        result = self.attack({"phase": "floods", "connections": KNOBS["flood_connections"],
                              "duration_seconds": KNOBS["flood_seconds"], "camera_id": self.camera},
                             timeout=KNOBS["flood_seconds"] + 60)
        self.results["floods"] = result
        self.end_phase()
        say(f"  {result['requests']} requests in {result['elapsed_seconds']} s = {result['per_second']} req/s")
        for kind, figures in result["kinds"].items():
            say(f"  {kind}: {figures['per_second']} req/s, statuses {figures['statuses']}"
                + (f", errors {figures['errors']}" if figures["errors"] else ""))
        peak = self.peaks.get(self.phase, {})
        say(f"  server peak: {peak.get('rss_mib')} MiB RSS, {peak.get('fds')} fds")
        self.phase_summary(self.phase)

    def phase3_node_lockout(self):
        self.begin_phase("3 node lockout")
        attempts = KNOBS["wrong_key_attempts"]
        source = self.attacker_ips[0]
        say(f"phase 3: {attempts} wrong-key /ws/node upgrades for node {self.node_id} from {source}")
        # Precondition: the node's own socket is up (it may be reconnecting after a restart).
        began = time.monotonic()
        while not self.node_connected_quietly() and time.monotonic() - began < 35:
            self.check_server()
            time.sleep(0.5)
        if time.monotonic() - began > 1:
            say(f"  (waited {time.monotonic() - began:.1f} s for the node's socket before the attempts)")
        statuses = {}
        for _ in range(attempts):
            try:
                status = websocket_upgrade(self.port, self.node_id, os.urandom(24).hex(), source_ip=source)
            except OSError as error:
                status = type(error).__name__
            statuses[status] = statuses.get(status, 0) + 1
        say(f"  wrong-key answers: {statuses}")
        began = time.monotonic()
        still = False
        while time.monotonic() - began < 15:
            still = self.node_connected_quietly()
            if still:
                break
            time.sleep(0.5)
        say(f"  ws-status after the attempts: node {'connected' if still else 'NOT connected'}")
        try:
            own = websocket_upgrade(self.port, self.node_id, self.node_key, hold=1.0)
        except OSError as error:
            own = type(error).__name__
        say(f"  our upgrade with the right id and key: {own}")
        back_after = None
        if own == 101:
            # Our socket replaced the simulator's: the real node must get its own back.
            time.sleep(0.5)
            began = time.monotonic()
            while time.monotonic() - began < 20:
                if self.node_connected_quietly():
                    back_after = time.monotonic() - began + 0.5
                    break
                time.sleep(0.25)
            say("  the simulator's socket " + (f"reconnected {back_after:.1f} s after ours closed"
                                                if back_after is not None else "did NOT reconnect within 20 s"))
        self.results["lockout"] = {"wrong_key": statuses, "still_connected": still, "own_upgrade": own,
                                   "sim_back_after_s": back_after}
        self.end_phase()
        self.phase_summary(self.phase)

    def status_and_detail(self, token):
        """`GET /api/cameras` with `token`: the status and, when not 200, the `detail`."""
        try:
            answer = api(self.port, "GET", "/api/cameras", token)
        except OSError as error:
            return type(error).__name__, ""
        if answer.status == 200:
            return 200, ""
        try:
            return answer.status, f"({answer.json().get('detail')!r})"
        except (ValueError, AttributeError):
            return answer.status, ""

    def phase4_jwks_outage(self):
        self.begin_phase("4 jwks outage")
        say("phase 4: JWKS answers 503; one forged token (right kid, bad signature), then fresh valid tokens")
        # Let any refetch spacing from earlier traffic run out, so the forged token may fetch.
        since = time.monotonic() - self.jwks.last_hit
        if since < REFETCH_SPACING_S:
            time.sleep(REFETCH_SPACING_S - since)
        self.jwks.down = True
        hits_before = dict(self.jwks.hits)
        forged, forged_detail = self.status_and_detail(self.key.forged("user_abuse_admin", self.org))
        say(f"  forged token: {forged} {forged_detail}")
        valid = []
        token = self.key.token("user_abuse_admin", self.org, "org:admin")
        valid.append(("right after the forged token", *self.status_and_detail(token)))
        say(f"  waiting {REFETCH_SPACING_S:.0f} s (MIN_REFETCH_INTERVAL 5 s) before more fresh tokens")
        time.sleep(REFETCH_SPACING_S)
        for i in range(3):
            token = self.key.token(f"user_abuse_{i}", self.org, "org:member")
            valid.append((f"after the refetch spacing #{i + 1}", *self.status_and_detail(token)))
        for label, status, detail in valid:
            say(f"  valid fresh token {label}: {status} {detail}")
        fetches = {k: self.jwks.hits[k] - hits_before.get(k, 0) for k in self.jwks.hits}
        say(f"  JWKS requests during the outage: {fetches['refused']} (all answered 503)")
        self.jwks.down = False
        self.results["jwks"] = {"forged": forged, "valid": [(label, status) for label, status, _ in valid],
                                "jwks_fetches": fetches["refused"]}
        self.end_phase()
        self.phase_summary(self.phase)

    # -- figures --

    def health_of(self, phases):
        return [latency for phase, latency, _ in self.health if phase in phases]

    def pushes_of(self, phases):
        return [(latency, outcome) for phase, latency, outcome in self.pushes if phase in phases]

    def phase_summary(self, phase):
        health = self.health_of((phase,))
        failed_health = sum(1 for p, _, ok in self.health if p == phase and not ok)
        pushes = self.pushes_of((phase,))
        latencies = [latency for latency, _ in pushes]
        bad_pushes = sum(1 for _, outcome in pushes if outcome != 200)
        say(f"  health: {len(health)} samples, p50 {fmt_ms(percentile(health, 0.5))}, "
            f"p99 {fmt_ms(percentile(health, 0.99))}, max {fmt_ms(max(health) if health else None)}, "
            f"{failed_health} failed; push: {len(pushes)}, median {fmt_ms(median(latencies))}, "
            f"p99 {fmt_ms(percentile(latencies, 0.99))}, {bad_pushes} not 200")

    def judge(self):
        attack = ATTACK_PHASES
        slow = self.results.get("slow")
        if slow:
            timed_out = slow["closes"].get("HTTP 408", 0)
            ok = timed_out >= slow["target"] and slow["oldest_open_at_end_s"] < slow["hold_seconds"]
            figure = (f"{timed_out:,} closed with 408 ({sum(slow['closes'].values()):,} closed in all); "
                      f"oldest still open after {slow['oldest_open_at_end_s']} s")
        else:
            ok, figure = None, "phase not run"
        self.criteria.append(("slow bodies timed out with 408", figure,
                              f">= {KNOBS['slow_connections']:,} x 408, none open the whole hold", ok))
        alive = self.alive() and not self.deaths
        if self.deaths:
            figure = "; ".join(f"died in phase {d['phase']} ({d['how']})" for d in self.deaths)
            figure += ", restarted" + ("" if self.alive() else f"; dead at the end ({self.server.returncode})")
        else:
            figure = "alive, never restarted" if self.alive() else f"exited with {self.server.returncode}"
        self.criteria.append(("server process alive at the end", figure, "alive, no death", alive))

        health = self.health_of(attack)
        failed = sum(1 for phase, _, ok in self.health if phase in attack and not ok)
        p99 = percentile(health, 0.99)
        self.criteria.append(("/api/health p99 during phases 1-4",
                              f"{fmt_ms(p99)} over {len(health)} samples ({failed} failed)",
                              f"< {HEALTH_P99_MS:.0f} ms",
                              None if p99 is None else p99 < HEALTH_P99_MS and failed == 0))

        idle = [latency for latency, outcome in self.pushes_of(("0 idle",)) if outcome == 200]
        idle_median = median(idle)
        floor = KNOBS["idle_floor_ms"]
        base = max(idle_median or floor, floor)
        during = self.pushes_of(attack)
        bad = sum(1 for _, outcome in during if outcome != 200)
        # Judged per attack phase (a quiet phase must not hide a slow one); a failed push
        # counts as infinitely slow, so it cannot make a median look better.
        medians = {}
        for phase in attack:
            pushes = self.pushes_of((phase,))
            if len(pushes) >= 3:
                medians[phase] = median([latency if outcome == 200 else float("inf") for latency, outcome in pushes])
        floored = f" (floored to {floor:g} ms)" if (idle_median or 0) < floor else ""
        if medians:
            worst = max(medians, key=medians.get)
            figure = (f"worst {fmt_ms(medians[worst])} in phase {worst} ("
                      + ", ".join(f"{p.split()[0]}: {fmt_ms(m)}" for p, m in medians.items())
                      + f") vs idle {fmt_ms(idle_median)}{floored}; {len(during)} pushes, {bad} not 200")
            ok = medians[worst] <= PUSH_MEDIAN_FACTOR * base and bad <= PUSH_MAX_FAILED * len(during)
        else:
            figure, ok = "no pushes during attacks", None
        self.criteria.append((
            "legitimate push median in every attack phase", figure,
            f"<= {PUSH_MEDIAN_FACTOR:.0f} x max(idle, {floor:g} ms) = {fmt_ms(PUSH_MEDIAN_FACTOR * base)}, "
            f"<= {PUSH_MAX_FAILED:.0%} not 200", ok))

        lockout = self.results.get("lockout")
        if lockout:
            ok = lockout["still_connected"] and lockout["own_upgrade"] == 101 and lockout["sim_back_after_s"] is not None
            back = lockout["sim_back_after_s"]
            if lockout["own_upgrade"] != 101:
                sim = "simulator not displaced"
            else:
                sim = f"simulator back in {back:.1f} s" if back is not None else "simulator NOT back in 20 s"
            figure = (f"ws-status {'connected' if lockout['still_connected'] else 'not connected'}; "
                      f"right-key upgrade {lockout['own_upgrade']}; {sim}")
        else:
            ok, figure = None, "phase not run"
        self.criteria.append(("real node's socket connects after wrong-key attempts", figure,
                              "connected, 101, node back", ok))

        jwks = self.results.get("jwks")
        if jwks:
            valid_ok = sum(1 for _, status in jwks["valid"] if status == 200)
            ok = jwks["forged"] == 401 and valid_ok == len(jwks["valid"]) and valid_ok >= 3
            figure = f"forged {jwks['forged']}; valid {[s for _, s in jwks['valid']]}"
        else:
            ok, figure = None, "phase not run"
        self.criteria.append(("valid tokens verify during the JWKS outage", figure,
                              "forged 401, every valid 200", ok))

        logs = self.logmeter.figures()
        self.results["log"] = logs
        at_least = ">= " if logs["longest_is_lower_bound"] else ""
        self.criteria.append(("longest server log line", f"{at_least}{logs['longest']:,} bytes",
                              f"<= {MAX_LOG_LINE:,} bytes", logs["longest"] <= MAX_LOG_LINE))
        approx = "~" if logs["truncations"] else ""
        self.criteria.append(("server log total", f"{approx}{logs['bytes'] / 1048576:,.1f} MiB",
                              f"< {MAX_LOG_BYTES >> 20} MiB", logs["bytes"] < MAX_LOG_BYTES))

    def report(self):
        print()
        print("## Abuse run")
        print()
        print(f"Release binary, Clerk mode, default log level; {os.cpu_count()} cores (load average "
              f"{self.load_at_start} at the start); RLIMIT_NOFILE {self.nofile}; attacker from "
              f"{', '.join(self.attacker_ips)}; run took {time.monotonic() - self.started:.0f} s.")
        print()
        print("| Phase | s | /api/health p50 / p99 (n, failed) | push median / p99 (n, not 200) | viewer ok | "
              "server CPU | server RSS / fds (peak) | log growth |")
        print("|---|---:|---|---|---|---:|---|---:|")
        previous_log = 0
        for phase in ("0 idle",) + ATTACK_PHASES:
            if phase not in self.phase_figures:
                continue
            health = self.health_of((phase,))
            failed = sum(1 for p, _, ok in self.health if p == phase and not ok)
            pushes = self.pushes_of((phase,))
            latencies = [latency for latency, _ in pushes]
            bad = sum(1 for _, outcome in pushes if outcome != 200)
            views = [v for v in self.views if v[0] == phase]
            views_ok = sum(1 for v in views if v[1] == 200 and v[2] == 200)
            peak = self.peaks.get(phase, {})
            log_bytes = self.phase_figures[phase].get("log_bytes", 0)
            growth = log_bytes - previous_log
            previous_log = log_bytes
            figures = self.phase_figures[phase]
            cpu = f"{figures['cpu_pct']}%" if "cpu_pct" in figures and figures["seconds"] >= 1 else "n/a"
            print(f"| {phase} | {figures.get('seconds')} | {fmt_ms(percentile(health, 0.5))} / "
                  f"{fmt_ms(percentile(health, 0.99))} ({len(health)}, {failed}) | {fmt_ms(median(latencies))} / "
                  f"{fmt_ms(percentile(latencies, 0.99))} ({len(pushes)}, {bad}) | {views_ok}/{len(views)} | "
                  f"{cpu} | {peak.get('rss_mib')} MiB / {peak.get('fds')} | {growth / 1024:,.0f} KiB |")
        slow, floods = self.results.get("slow"), self.results.get("floods")
        print()
        print("| Attack | Figure |")
        print("|---|---|")
        if slow:
            closes = ", ".join(f"{k} x{v:,}" for k, v in sorted(slow["closes"].items())) or "none"
            after = f", median after {slow['lifetime_median_s']} s" if slow["lifetime_median_s"] is not None else ""
            print(f"| slow bodies | {slow['peak_open']:,} of {slow['target']:,} open after {slow['ramp_seconds']} s, "
                  f"held {slow['hold_seconds']} s (min {slow['open_min_during_hold']:,}, oldest "
                  f"{slow['oldest_open_at_end_s']} s); server closed {slow['closed_by_server']:,} ({closes}{after}); "
                  f"{slow.get('fds_after_settle')} server fds {slow.get('settle_seconds')} s after; "
                  f"attacker CPU {slow.get('attacker_cpu_pct')}% |")
        if floods:
            print(f"| floods | {floods['requests']:,} requests, {floods['per_second']:,} req/s on "
                  f"{floods['connections']} connections; attacker CPU {floods.get('attacker_cpu_pct')}% |")
            for kind, figures in floods["kinds"].items():
                statuses = ", ".join(f"{k} x{v:,}" for k, v in figures["statuses"].items())
                print(f"| &nbsp; {kind} | {figures['per_second']:,} req/s; {statuses} |")
        lockout = self.results.get("lockout")
        if lockout:
            print(f"| wrong-key /ws/node | {lockout['wrong_key']} |")
        jwks = self.results.get("jwks")
        if jwks:
            print(f"| JWKS outage | forged {jwks['forged']}; valid {[s for _, s in jwks['valid']]}; "
                  f"{jwks['jwks_fetches']} JWKS fetches |")
        for death in self.deaths:
            print(f"| server death | phase {death['phase']}: {death['how']}; last line: "
                  f"`{(death['tail'].splitlines() or [''])[-1][:200]}` |")
        print()
        print("| Criterion | Figure | Target | Result |")
        print("|---|---|---|---|")
        for name, figure, target, passed in self.criteria:
            result = "SKIP" if passed is None else "PASS" if passed else "FAIL"
            print(f"| {name} | {figure} | {target} | {result} |")
        print()
        sim = getattr(self, "sim", None)
        if sim is not None and sim.poll() is not None:
            say(f"note: the simulator exited ({sim.returncode}); see the viewer and lockout figures")
        logs = self.results.get("log")
        if logs:
            say(f"server log: {logs['bytes']:,} bytes, {logs['lines']:,} lines read, longest "
                f"{'>= ' if logs['longest_is_lower_bound'] else ''}{logs['longest']:,} bytes"
                + (f" ({logs['truncations']} truncations to protect the disk, {logs['unscanned']:,} bytes "
                   f"counted by size only)" if logs["truncations"] or logs["unscanned"] else ""))
            if logs["longest"] > MAX_LOG_LINE:
                say(f"  longest line starts: {logs['longest_head']!r}")
            for count, shape in logs["top"]:
                say(f"  x{count:,}: {shape}")


def main():
    run = Run()

    def on_timeout():
        print(f"abuse: FAIL: the run passed its hard timeout of {KNOBS['timeout']} s", file=sys.stderr, flush=True)
        try:
            run.cleanup()
        finally:
            os._exit(1)

    watchdog = threading.Timer(KNOBS["timeout"], on_timeout)
    watchdog.daemon = True
    watchdog.start()

    def on_signal(signum, _frame):
        raise SystemExit(f"abuse: stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    failure = None
    status = 1
    try:
        try:
            run.start()
            run.start_legit_traffic()
            steps = {"0": run.phase0_idle, "1": run.phase1_slow_bodies, "2": run.phase2_floods,
                     "3": run.phase3_node_lockout, "4": run.phase4_jwks_outage}
            for number in ["0"] + [n for n in KNOBS["phases"] if n != "0"]:
                run.check_server()
                steps[number]()
            run.phase = "done"
            time.sleep(0.3)
        except Abort as error:
            failure = str(error)
            say(f"FAIL: {failure}")
        finally:
            run.stop_sampling.set()
        if failure:
            run.criteria.append(("run completed", failure, "all phases", False))
        if run.server is not None:
            run.judge()
            run.report()
        failed = [name for name, _, _, passed in run.criteria if passed is False]
        skipped = [name for name, _, _, passed in run.criteria if passed is None]
        if skipped:
            say(f"partial run (ABUSE_PHASES={','.join(KNOBS['phases'])}): skipped {'; '.join(skipped)}")
        if failed:
            print(f"abuse: FAIL: {len(failed)} of {len(run.criteria)} criteria failed: {'; '.join(failed)}",
                  file=sys.stderr, flush=True)
        else:
            say(f"PASS: all {len(run.criteria) - len(skipped)} criteria that ran hold")
            status = 0
    finally:
        watchdog.cancel()
        run.cleanup()
    sys.exit(status)


if __name__ == "__main__":
    main()
