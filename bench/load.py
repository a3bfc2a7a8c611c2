#!/usr/bin/env python3
"""Load benchmark of the live path (`just bench`).

Starts the release server in local mode on a temp database, drives it over loopback with
wrk (viewers) and `sentinel simulate-node` (a streaming fleet), serves the same files from
nginx in the same run as the ceiling, and prints one Markdown table, also written to
bench/results/<date>-<host>.md with the machine described.

Needs: wrk and nginx (Debian's `wrk`, `nginx-light`; `just bench` installs them), a
release build of the `sentinel` binary (built by `just bench`).

With `--redis-url`, segment GET is also measured through the shared live store
(`LIVE_STORE=redis`): two instances on one database and one Redis, the segment pushed to the
first and read from the second, reported beside the in-memory rows. `--only-redis` runs just
that (no nginx needed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENT_BYTES = 500 * 1024
FLEET_SEGMENT_BYTES = 100 * 1024
VIEWER_LEVELS = (1, 16, 64)
PUSH_NODES = 24  # 1200 pushes/minute/node: enough buckets for 2,000/s over the run
NODES_PER_ORG = 20  # node creation is limited to 20 an hour per org


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(method: str, url: str, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post_json(url: str, payload: dict, token: str | None = None,
              node_key: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if node_key:
        headers["X-Node-API-Key"] = node_key
    status, body = request("POST", url, json.dumps(payload).encode(), headers)
    if status >= 300:
        raise RuntimeError(f"POST {url}: HTTP {status}: {body[:300]!r}")
    return json.loads(body)


def ts_segment(size: int) -> bytes:
    """A valid MPEG-TS body of `size` bytes (rounded up to whole packets): null packets."""
    packet = bytes([0x47, 0x1F, 0xFF, 0x10]) + b"\xff" * 184
    return packet * (-(-size // 188))


# ----- processes ---------------------------------------------------------------------------

@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def rss_bytes(self) -> int:
        return proc_status_kb(self.process.pid, "VmRSS") * 1024

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def metrics(self) -> dict[str, float]:
        status, body = request("GET", f"{self.url}/metrics")
        if status != 200:
            raise RuntimeError(f"/metrics: HTTP {status}")
        values: dict[str, float] = {}
        for line in body.decode().splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                try:
                    values[name] = float(value)
                except ValueError:
                    pass
        return values

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def proc_status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{key} missing for pid {pid}")


def start_server(binary: Path, workdir: Path, extra_env: dict | None = None,
                 name: str = "server", database: str = "bench.db") -> Server:
    port = free_port()
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": str(workdir / database),
        "STATIC_DIR": str(workdir / "static"),
        "SEGMENT_CACHE_MAX_PER_CAMERA": "60",
        "SEGMENT_CACHE_MAX_TOTAL_BYTES": str(8 * 1024**3),
        "FRONTEND_URL": f"http://127.0.0.1:{port}",
    }
    # The server as users run it: default log level and format unless a scenario says so.
    for key in ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "REDIS_URL", "LIVE_STORE",
                "RUST_LOG", "LOG_FORMAT"):
        env.pop(key, None)
    env.update(extra_env or {})
    (workdir / "static").mkdir(exist_ok=True)
    output = open(workdir / f"{name}.log", "wb")
    process = subprocess.Popen([str(binary), "serve"], env=env, stdout=output,
                               stderr=subprocess.STDOUT, cwd=workdir)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if request("GET", f"{url}/api/health", timeout=1)[0] == 200:
                return Server(process, url)
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"server did not start; see {workdir / f'{name}.log'}")


def start_nginx(www: Path, workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ video/mp2t ts; application/vnd.apple.mpegurl m3u8; }}
    server {{
        listen 127.0.0.1:{port};
        root {www};
    }}
}}
""")
    # nginx's workers run as `nobody`: the scratch folder must be readable to them.
    for path in (workdir, www, *www.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    process = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"],
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    status = None
    for _ in range(50):
        try:
            status = request("GET", f"{url}/playlist.m3u8", timeout=1)[0]
            if status == 200:
                return process, url
        except OSError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"nginx did not serve the playlist (last status {status})")


# ----- wrk ---------------------------------------------------------------------------------

@dataclass
class WrkResult:
    requests_per_second: float
    bytes_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0
    errors: int = 0


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_wrk(text: str) -> WrkResult:
    def latency(percentile: str) -> float:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return WrkResult(
        requests_per_second=float(rps.group(1)) if rps else 0.0,
        bytes_per_second=float(transfer.group(1)) * SIZES[transfer.group(2)] if transfer else 0.0,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk(url: str, connections: int, seconds: int, headers: dict | None = None,
        script: Path | None = None) -> WrkResult:
    command = ["wrk", "--latency", f"-t{min(connections, 2)}", f"-c{connections}",
               f"-d{seconds}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result = parse_wrk(output)
    if result.non_2xx or result.errors:
        log(f"wrk {url} c={connections}: {result.non_2xx} non-2xx, {result.errors} socket errors")
    return result


# ----- scenarios ---------------------------------------------------------------------------

@dataclass
class Camera:
    camera_id: str
    node_key: str


def provision(server: Server, org: str, nodes: int) -> tuple[str, list[Camera]]:
    """An admin session of local org `org` and `nodes` nodes with one camera each."""
    session = post_json(f"{server.url}/api/local/session", {"role": "admin", "org": org})
    token = session["token"]
    cameras = []
    for index in range(nodes):
        created = post_json(f"{server.url}/api/nodes", {"name": f"bench {index}"}, token=token)
        node_id, key = created["node_id"], created["api_key"]
        registered = post_json(f"{server.url}/api/nodes/register", {
            "node_id": node_id, "name": f"bench {index}", "http_port": 8080,
            "cameras": [{"device_path": "/dev/video0", "name": "Bench camera",
                         "capabilities": ["streaming"]}],
        }, node_key=key)
        camera_id = registered.get("cameras", {}).get("/dev/video0")
        if not camera_id:
            raise RuntimeError(f"register gave no camera: {registered}")
        cameras.append(Camera(camera_id, key))
    return token, cameras


def push(server: Server, camera: Camera, sequence: int, body: bytes) -> None:
    url = (f"{server.url}/api/cameras/{camera.camera_id}/push-segment"
           f"?filename=segment_{sequence:05d}.ts")
    status, reply = request("POST", url, body, {"X-Node-API-Key": camera.node_key,
                                                 "Content-Type": "video/mp2t"})
    if status != 200:
        raise RuntimeError(f"push-segment: HTTP {status}: {reply[:200]!r}")


def playlist_text(sequence: int) -> str:
    return ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
            f"#EXT-X-MEDIA-SEQUENCE:{sequence}\n#EXTINF:1.000000,\nsegment_{sequence:05d}.ts\n")


def push_playlist(server: Server, camera: Camera, sequence: int) -> None:
    url = f"{server.url}/api/cameras/{camera.camera_id}/playlist"
    status, reply = request("POST", url, playlist_text(sequence).encode(),
                            {"X-Node-API-Key": camera.node_key, "Content-Type": "text/plain"})
    if status != 200:
        raise RuntimeError(f"playlist: HTTP {status}: {reply[:200]!r}")


@dataclass
class Report:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, metric: str, ours: str, nginx: str = "", ratio: str = "") -> None:
        self.rows.append((metric, ours, nginx, ratio))
        log(f"{metric}: {ours} {nginx} {ratio}".rstrip())

    def markdown(self) -> str:
        lines = ["| Measure | Sentinel | nginx (ceiling) | Sentinel / nginx |",
                 "|---|---:|---:|---:|"]
        lines += [f"| {m} | {o} | {n} | {r} |" for m, o, n, r in self.rows]
        return "\n".join(lines)


def viewer_scenarios(server: Server, nginx_url: str, token: str, camera: Camera,
                     seconds: int, report: Report) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    segment_url = f"{server.url}/api/cameras/{camera.camera_id}/segment/segment_00001.ts"
    for viewers in VIEWER_LEVELS:
        ours = wrk(segment_url, viewers, seconds, auth)
        ceiling = wrk(f"{nginx_url}/segment_00001.ts", viewers, seconds)
        report.add(f"Segment GET 500 KB, {viewers} viewers: req/s",
                   f"{ours.requests_per_second:,.0f}", f"{ceiling.requests_per_second:,.0f}",
                   ratio(ours.requests_per_second, ceiling.requests_per_second))
        report.add(f"Segment GET 500 KB, {viewers} viewers: MB/s",
                   f"{ours.bytes_per_second / 1e6:,.0f}", f"{ceiling.bytes_per_second / 1e6:,.0f}",
                   ratio(ours.bytes_per_second, ceiling.bytes_per_second))
        report.add(f"Segment GET 500 KB, {viewers} viewers: p50 / p99 ms",
                   f"{ours.p50_ms:.2f} / {ours.p99_ms:.2f}",
                   f"{ceiling.p50_ms:.2f} / {ceiling.p99_ms:.2f}")
    playlist_url = f"{server.url}/api/cameras/{camera.camera_id}/stream.m3u8"
    ours = wrk(playlist_url, 64, seconds, auth)
    ceiling = wrk(f"{nginx_url}/playlist.m3u8", 64, seconds)
    report.add("Playlist GET, 64 viewers: req/s", f"{ours.requests_per_second:,.0f}",
               f"{ceiling.requests_per_second:,.0f}",
               ratio(ours.requests_per_second, ceiling.requests_per_second))
    report.add("Playlist GET, 64 viewers: p50 / p99 ms", f"{ours.p50_ms:.2f} / {ours.p99_ms:.2f}",
               f"{ceiling.p50_ms:.2f} / {ceiling.p99_ms:.2f}")


def redis_scenario(binary: Path, workdir: Path, redis_url: str, seconds: int,
                   report: Report) -> None:
    """Segment GET through the shared live store: pushed to instance A, read on instance B
    (both `LIVE_STORE=redis`, one SQLite file in WAL mode standing in for the shared
    database)."""
    shared = {"LIVE_STORE": "redis", "REDIS_URL": redis_url}
    pusher = start_server(binary, workdir, shared, name="redis-a", database="redis.db")
    reader = None
    stop = threading.Event()
    try:
        reader = start_server(binary, workdir, shared, name="redis-b", database="redis.db")
        _, (camera,) = provision(pusher, "bench-redis", 1)
        push(pusher, camera, 1, ts_segment(SEGMENT_BYTES))
        push_playlist(pusher, camera, 1)

        def keep_alive() -> None:
            while not stop.wait(15):
                push_playlist(pusher, camera, 1)

        threading.Thread(target=keep_alive, daemon=True).start()
        # Local sessions are signed per process: B issues its own for the same org.
        token = post_json(f"{reader.url}/api/local/session",
                          {"role": "admin", "org": "bench-redis"})["token"]
        url = f"{reader.url}/api/cameras/{camera.camera_id}/segment/segment_00001.ts"
        status, body = request("GET", url, headers={"Authorization": f"Bearer {token}"})
        if status != 200 or len(body) != len(ts_segment(SEGMENT_BYTES)):
            raise RuntimeError(f"instance B did not serve A's segment: HTTP {status}")
        before = reader.metrics()
        ours = wrk(url, 64, seconds, {"Authorization": f"Bearer {token}"})
        after = reader.metrics()
        label = "Segment GET 500 KB (Redis store, read on another instance), 64 viewers"
        report.add(f"{label}: req/s", f"{ours.requests_per_second:,.0f}")
        report.add(f"{label}: MB/s", f"{ours.bytes_per_second / 1e6:,.0f}")
        report.add(f"{label}: p50 / p99 ms", f"{ours.p50_ms:.2f} / {ours.p99_ms:.2f}")

        def delta(name: str) -> float:
            return after.get(name, 0.0) - before.get(name, 0.0)

        reads = delta("sentinel_live_shared_reads_total")
        hits = delta("sentinel_live_shared_hot_hits_total")
        report.notes.append(
            f"Redis store run: {hits:,.0f} segment GETs from B's hot memory, {reads:,.0f} "
            f"reads from Redis (a hot segment is trusted for 15 s), "
            f"{ours.non_2xx} non-2xx answers")
    finally:
        stop.set()
        if reader:
            reader.stop()
        pusher.stop()


def push_scenario(server: Server, workdir: Path, seconds: int, report: Report) -> None:
    cameras = []
    for first in range(0, PUSH_NODES, NODES_PER_ORG):
        count = min(NODES_PER_ORG, PUSH_NODES - first)
        cameras += provision(server, f"bench-push-{first // NODES_PER_ORG + 1}", count)[1]
    body_file = workdir / "push-body.ts"
    body_file.write_bytes(ts_segment(SEGMENT_BYTES))
    targets = ",\n".join(f'  {{"{c.camera_id}", "{c.node_key}"}}' for c in cameras)
    script = workdir / "push.lua"
    script.write_text(f"""
local targets = {{
{targets}
}}
local body = io.open("{body_file}", "rb"):read("*a")
local counter = 0
local offset = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 10000000)
  threads = threads + 1
end
function init(args)
  offset = tonumber(wrk.thread:get("offset")) or 0
end
function request()
  counter = counter + 1
  local target = targets[(counter % #targets) + 1]
  local path = "/api/cameras/" .. target[1] .. "/push-segment?filename=segment_" ..
    string.format("%05d", offset + counter) .. ".ts"
  return wrk.format("POST", path, {{["X-Node-API-Key"] = target[2],
    ["Content-Type"] = "video/mp2t"}}, body)
end
""")
    result = wrk(f"{server.url}/", 8, seconds, script=script)
    report.add("Push-segment 500 KB, 8 connections: req/s", f"{result.requests_per_second:,.0f}")
    report.add("Push-segment 500 KB, 8 connections: p50 / p99 ms",
               f"{result.p50_ms:.2f} / {result.p99_ms:.2f}")
    if result.non_2xx:
        report.notes.append(f"push-segment: {result.non_2xx} non-2xx answers during the run")


def fleet_scenario(server: Server, binary: Path, cameras: int, seconds: int,
                   idle_rss: int, report: Report) -> None:
    per_node = 10
    nodes = max(1, cameras // per_node)
    # 200 cameras (Pro Plus) and 20 node creations an hour per org.
    orgs = max(1, -(-cameras // 200), -(-nodes // NODES_PER_ORG))
    log(f"fleet: {nodes} nodes x {per_node} cameras over {orgs} orgs for {seconds}s")
    simulator = subprocess.Popen(
        [str(binary), "simulate-node", "--api-url", server.url, "--create-nodes", str(nodes),
         "--cameras", str(per_node), "--orgs", str(orgs), "--segment-bytes",
         str(FLEET_SEGMENT_BYTES), "--motion-every", "0", "--heartbeat-interval", "30",
         "--duration", str(seconds)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "RUST_LOG": "warn"})
    warmup = min(20, seconds // 3)
    time.sleep(warmup)
    cpu_start, wall_start = server.cpu_seconds(), time.monotonic()
    time.sleep(max(1, seconds - warmup - 5))
    cpu = (server.cpu_seconds() - cpu_start) / (time.monotonic() - wall_start)
    metrics = server.metrics()
    cached = metrics.get("sentinel_live_cache_bytes", 0.0)
    rss = server.rss_bytes()
    simulator.wait(timeout=seconds + 120)
    report.add(f"Streaming fleet: {cameras} cameras x 1 segment/s ({FLEET_SEGMENT_BYTES // 1024} KB)",
               f"server CPU {cpu * 100:.0f}% of one core")
    report.add("CPU per streaming camera", f"{cpu * 100 / cameras:.3f}% of one core")
    report.add("RSS / bytes cached (overhead ratio)",
               f"{rss / 2**20:,.0f} MiB / {cached / 2**20:,.0f} MiB = "
               f"{rss / cached:.2f}x" if cached else f"{rss / 2**20:,.0f} MiB / (no bytes cached)")
    # Every camera goes idle: the sweep drops it after a minute; memory must come back.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.metrics().get("sentinel_live_cache_bytes", 1):
        time.sleep(5)
    # jemalloc hands freed pages back after its decay time (10 s): give it 30.
    time.sleep(30)
    after = server.rss_bytes()
    report.add("RSS at start / after every cache emptied",
               f"{idle_rss / 2**20:,.0f} MiB / {after / 2**20:,.0f} MiB "
               f"({(after / idle_rss - 1) * 100:+.0f}%)")


def ratio(ours: float, ceiling: float) -> str:
    return f"{ours / ceiling:.0%}" if ceiling else ""


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = proc_meminfo_gib()
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, loopback, wrk and nginx from Debian")


def proc_meminfo_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def log_level_scenario(binary: Path, workdir: Path, seconds: int, report: Report) -> None:
    """The playlist GET again on a server at RUST_LOG=warn: what the default level costs."""
    server = start_server(binary, workdir, {"RUST_LOG": "warn"}, name="server-warn",
                          database="bench-warn.db")
    try:
        token, (camera,) = provision(server, "bench-warn", 1)
        push(server, camera, 1, ts_segment(SEGMENT_BYTES))
        push_playlist(server, camera, 1)
        playlist_url = f"{server.url}/api/cameras/{camera.camera_id}/stream.m3u8"
        ours = wrk(playlist_url, 64, seconds, {"Authorization": f"Bearer {token}"})
        report.add("Playlist GET, 64 viewers, RUST_LOG=warn: req/s",
                   f"{ours.requests_per_second:,.0f}")
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run")
    parser.add_argument("--fleet-cameras", type=int, default=1000)
    parser.add_argument("--fleet-seconds", type=int, default=75)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--only-fleet", action="store_true",
                        help="skip the viewer and push runs (and nginx)")
    parser.add_argument("--redis-url", default="",
                        help="also measure segment GET through LIVE_STORE=redis at this URL")
    parser.add_argument("--only-redis", action="store_true",
                        help="run only the Redis store measurement (needs --redis-url)")
    args = parser.parse_args()
    if args.only_redis:
        if not args.redis_url:
            log("--only-redis needs --redis-url")
            return 2
        if not shutil.which("wrk"):
            log("wrk is missing (just bench installs it)")
            return 2
        report = Report()
        with tempfile.TemporaryDirectory(prefix="sentinel-bench-") as scratch:
            redis_scenario(args.binary, Path(scratch), args.redis_url, args.seconds, report)
        return finish(report, args)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            log(f"{tool} is missing (just bench installs it)")
            return 2

    report = Report()
    with tempfile.TemporaryDirectory(prefix="sentinel-bench-") as scratch:
        workdir = Path(scratch)
        server = start_server(args.binary, workdir)
        idle_rss = server.rss_bytes()
        nginx = None
        stop_keepalive = threading.Event()
        try:
            if args.only_fleet:
                fleet_scenario(server, args.binary, args.fleet_cameras, args.fleet_seconds,
                               idle_rss, report)
                return finish(report, args)
            token, (camera,) = provision(server, "bench-view", 1)
            segment = ts_segment(SEGMENT_BYTES)
            push(server, camera, 1, segment)
            push_playlist(server, camera, 1)

            def keep_alive() -> None:
                # A playlist push now and then keeps the camera from going stale without
                # pushing segments that would rotate ours out.
                while not stop_keepalive.wait(15):
                    push_playlist(server, camera, 1)

            threading.Thread(target=keep_alive, daemon=True).start()
            www = workdir / "www"
            www.mkdir()
            (www / "segment_00001.ts").write_bytes(segment)
            _, served = request("GET", f"{server.url}/api/cameras/{camera.camera_id}/stream.m3u8",
                                headers={"Authorization": f"Bearer {token}"})
            (www / "playlist.m3u8").write_bytes(served)
            nginx, nginx_url = start_nginx(www, workdir)
            viewer_scenarios(server, nginx_url, token, camera, args.seconds, report)
            log_level_scenario(args.binary, workdir, args.seconds, report)
            stop_keepalive.set()
            if args.redis_url:
                redis_scenario(args.binary, workdir, args.redis_url, args.seconds, report)
            push_scenario(server, workdir, args.seconds, report)
            if args.fleet_cameras:
                fleet_scenario(server, args.binary, args.fleet_cameras, args.fleet_seconds,
                               idle_rss, report)
        finally:
            stop_keepalive.set()
            if nginx:
                nginx.terminate()
            server.stop()

    return finish(report, args)


def finish(report: Report, args: argparse.Namespace) -> int:
    """Prints the table and writes it, with the machine, to the results folder."""
    today = dt.date.today().isoformat()
    table = report.markdown()
    text = (f"# Live-path load benchmark, {today}\n\nMachine: {machine()}.\n\n"
            f"Release build, local mode, SQLite, default configuration (log level info "
            f"unless a row says otherwise); wrk {args.seconds} s per row "
            f"(2 threads); fleet run {args.fleet_seconds} s.\n\n{table}\n")
    if report.notes:
        text += "\n" + "\n".join(f"- {note}" for note in report.notes) + "\n"
    args.results.mkdir(parents=True, exist_ok=True)
    target = args.results / f"{today}-{os.cpu_count()}-core.md"
    run = 2
    while target.exists():
        # Another run the same day (often another machine): keep both.
        target = args.results / f"{today}-{os.cpu_count()}-core-{run}.md"
        run += 1
    target.write_text(text)
    print(table)
    log(f"written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
