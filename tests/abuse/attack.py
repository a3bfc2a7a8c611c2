#!/usr/bin/env python3
"""The attacker of the abuse run, in its own process so that its CPU use does not stall
the legitimate clients' measurements (`abuse.py` starts it once per phase).

    attack.py '<json config>'

`config["phase"]` is `slow-bodies` or `floods`. Progress goes to stderr; the result is one
JSON object on the last line of stdout. asyncio only, raw sockets, request bytes built from
templates: no thread and no HTTP library per request."""

import asyncio
import base64
import collections
import json
import os
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)
FRONTEND_URL = "http://localhost:5173"


def log(message):
    print(f"abuse/attacker: {message}", file=sys.stderr, flush=True)


def new_socket(source_ip):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if source_ip != "127.0.0.1":
        sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        sock.bind((source_ip, 0))
    return sock


# ----- phase 1: slow bodies ---------------------------------------------------------------


class SlowBody(asyncio.Protocol):
    """Sends a request head promising 1000 body bytes, then one byte, then nothing."""

    __slots__ = ("request", "transport", "answer", "lost")

    def __init__(self, request, lost):
        self.request = request
        self.transport = None
        self.answer = b""
        self.lost = lost

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        if len(self.answer) < 64:
            self.answer += data[:64]

    def eof_received(self):
        return False  # close our side too

    def connection_lost(self, exc):
        if not self.lost.done():
            self.lost.set_result(exc)


async def slow_bodies(config):
    loop = asyncio.get_running_loop()
    port, target = config["port"], config["connections"]
    hold, ramp_limit = config["hold_seconds"], config["ramp_limit_seconds"]
    ips = config["source_ips"]
    request = (
        "POST /api/webhooks/clerk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "svix-id: msg_abuse\r\nsvix-timestamp: 1700000000\r\nsvix-signature: v1,abuse\r\n"
        "Content-Length: 1000\r\n\r\n{"
    ).encode()
    connect_gate = asyncio.Semaphore(config.get("parallel_connects", 256))
    stop = asyncio.Event()
    state = {"open": 0, "peak": 0, "opened": 0}
    closes = collections.Counter()  # how the server ended a connection
    connect_errors = collections.Counter()
    lifetimes = []  # seconds from open to the server's close
    open_since = {}  # transport -> when it opened

    async def slot(index):
        ip = ips[index % len(ips)]
        while not stop.is_set():
            sock = None
            async with connect_gate:
                if stop.is_set():
                    return
                try:
                    sock = new_socket(ip)
                    await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", port)), 10)
                    lost = loop.create_future()
                    transport, _ = await loop.create_connection(lambda: SlowBody(request, lost), sock=sock)
                    protocol = transport.get_protocol()
                except (OSError, asyncio.TimeoutError) as error:
                    connect_errors[os.strerror(error.errno) if error.errno else type(error).__name__] += 1
                    if sock is not None:
                        sock.close()
                    await asyncio.sleep(0.25)
                    continue
            opened_at = time.monotonic()
            open_since[transport] = opened_at
            state["open"] += 1
            state["opened"] += 1
            state["peak"] = max(state["peak"], state["open"])
            exc = await protocol.lost
            state["open"] -= 1
            open_since.pop(transport, None)
            if stop.is_set():
                return
            lifetimes.append(time.monotonic() - opened_at)
            answer = protocol.answer
            if answer.startswith(b"HTTP/1."):
                try:
                    closes[f"HTTP {int(answer.split(b' ', 2)[1])}"] += 1
                except (IndexError, ValueError):
                    closes["unparsable answer"] += 1
            elif exc is None:
                closes["closed without an answer"] += 1
            else:
                closes[f"reset ({type(exc).__name__})"] += 1

    started = time.monotonic()
    tasks = [asyncio.create_task(slot(i)) for i in range(target)]
    ramp_done = None
    hold_open = []
    next_report = started + 5
    while True:
        await asyncio.sleep(0.25)
        now = time.monotonic()
        if ramp_done is None and (state["open"] >= target or now - started >= ramp_limit):
            ramp_done = now
            log(f"slow bodies: {state['open']} open after {now - started:.1f} s; holding {hold} s")
        if ramp_done is not None:
            hold_open.append(state["open"])
            if now - ramp_done >= hold:
                break
        if now >= next_report:
            next_report = now + 5
            log(f"slow bodies: open={state['open']} opened={state['opened']} "
                f"closed_by_server={sum(closes.values())} connect_errors={sum(connect_errors.values())}")
    stop.set()
    open_at_end = state["open"]
    oldest = time.monotonic() - min(open_since.values()) if open_since else 0.0
    for transport in list(open_since):
        transport.abort()
    await asyncio.wait(tasks, timeout=15)
    lifetimes.sort()
    return {
        "target": target,
        "source_ips": ips,
        "ramp_seconds": round((ramp_done or time.monotonic()) - started, 2),
        "reached_target": bool(hold_open) and max(hold_open) >= target,
        "peak_open": state["peak"],
        "open_min_during_hold": min(hold_open) if hold_open else 0,
        "open_at_end": open_at_end,
        "oldest_open_at_end_s": round(oldest, 1),
        "hold_seconds": hold,
        "opened_total": state["opened"],
        "closed_by_server": sum(closes.values()),
        "closes": dict(closes),
        "lifetime_median_s": round(lifetimes[len(lifetimes) // 2], 2) if lifetimes else None,
        "lifetime_min_s": round(lifetimes[0], 2) if lifetimes else None,
        "connect_errors": dict(connect_errors),
        "elapsed_seconds": round(time.monotonic() - started, 2),
    }


# ----- phase 2: random-key floods ---------------------------------------------------------


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def request_builders(camera_id):
    """One function per flood kind, each returning fresh request bytes (random per call)."""
    urandom = os.urandom
    segment_body = b"\x47" + b"\xff" * 187  # one MPEG-TS null-ish packet
    push_head = (
        f"POST /api/cameras/{camera_id}/push-segment?filename=segment_1.ts HTTP/1.1\r\n"
        f"Host: 127.0.0.1\r\nContent-Type: video/mp2t\r\nContent-Length: {len(segment_body)}\r\n"
        "X-Node-API-Key: "
    ).encode()
    validate_head = (
        "POST /api/nodes/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "X-Node-API-Key: "
    ).encode()
    api_head = b"GET /api/cameras HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
    junk_signature = b64url(urandom(256))
    jwt_heads = [
        b64url(b'{"alg":"none","typ":"JWT"}') + b".",
        b64url(b'{"alg":"RS256","typ":"JWT","kid":"abuse-key"}') + b".",
        None,  # RS256 with a random kid, built per request
    ]
    counter = [0]

    def push():
        return b"%s%s\r\n\r\n%s" % (push_head, urandom(16).hex().encode(), segment_body)

    def validate():
        body = b'{"node_id":"%s"}' % urandom(4).hex().encode()
        return b"%s%s\r\nContent-Length: %d\r\n\r\n%s" % (validate_head, urandom(16).hex().encode(), len(body), body)

    share_head = b"GET /api/share/shr_%s/cameras/" + camera_id.encode() + b"/segment/segment_00001.ts HTTP/1.1\r\n"

    def share_guess():
        return share_head % urandom(16).hex().encode() + b"Host: 127.0.0.1\r\n\r\n"

    def forwarded_for():
        a, b, c, d = urandom(4)
        return b"%sX-Forwarded-For: %d.%d.%d.%d\r\n\r\n" % (api_head, a, b, c, d)

    def unsigned_jwt():
        counter[0] += 1
        now = int(time.time())
        payload = b64url(
            b'{"sub":"user_%s","org_id":"org_%s","org_role":"org:admin","azp":"%s","iat":%d,"exp":%d}'
            % (urandom(4).hex().encode(), urandom(8).hex().encode(), FRONTEND_URL.encode(), now, now + 600)
        )
        head = jwt_heads[counter[0] % 3]
        if head is None:
            head = b64url(b'{"alg":"RS256","typ":"JWT","kid":"%s"}' % urandom(6).hex().encode()) + b"."
        signature = b"" if counter[0] % 3 == 0 else junk_signature
        return b"%sAuthorization: Bearer %s%s.%s\r\n\r\n" % (api_head, head, payload, signature)

    return {
        "push-segment (random X-Node-API-Key)": push,
        "nodes/validate (random key + node id)": validate,
        "GET /api/cameras (random X-Forwarded-For)": forwarded_for,
        "GET /api/cameras (unsigned JWT, random org_id)": unsigned_jwt,
        "GET /api/share/<guessed token>/…/segment": share_guess,
    }


async def read_response(reader):
    """Status and whether the server will close, consuming the whole response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, chunked, closing = 0, False, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and value.strip().lower() == b"close":
            closing = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, closing


async def floods(config):
    port, duration = config["port"], config["duration_seconds"]
    ips = config["source_ips"]
    builders = request_builders(config["camera_id"])
    kinds = list(builders)
    connections = config["connections"]
    statuses = {kind: collections.Counter() for kind in kinds}
    errors = {kind: collections.Counter() for kind in kinds}
    deadline = time.monotonic() + duration

    async def worker(index):
        kind = kinds[index % len(kinds)]
        build = builders[kind]
        counts, errs = statuses[kind], errors[kind]
        ip = ips[index % len(ips)]
        while time.monotonic() < deadline:
            writer = None
            try:
                sock = new_socket(ip)
                await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port)), 5)
                reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
                while time.monotonic() < deadline:
                    writer.write(build())
                    status, closing = await asyncio.wait_for(read_response(reader), 10)
                    counts[status] += 1
                    if closing:
                        errs["server closed (Connection: close)"] += 1
                        break
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                    ValueError, IndexError) as error:
                errs[type(error).__name__] += 1
                await asyncio.sleep(0.05)
            finally:
                if writer is not None:
                    writer.close()

    started = time.monotonic()
    reporter_stop = asyncio.Event()

    async def reporter():
        while not reporter_stop.is_set():
            try:
                await asyncio.wait_for(reporter_stop.wait(), 5)
            except asyncio.TimeoutError:
                total = sum(sum(c.values()) for c in statuses.values())
                log(f"floods: {total} requests after {time.monotonic() - started:.0f} s")

    report_task = asyncio.create_task(reporter())
    await asyncio.gather(*(worker(i) for i in range(connections)))
    reporter_stop.set()
    await report_task
    elapsed = time.monotonic() - started
    per_kind = {}
    for kind in kinds:
        total = sum(statuses[kind].values())
        per_kind[kind] = {
            "requests": total,
            "per_second": round(total / elapsed, 1),
            "statuses": {str(k): v for k, v in sorted(statuses[kind].items())},
            "errors": dict(errors[kind]),
        }
    total = sum(v["requests"] for v in per_kind.values())
    return {
        "connections": connections,
        "elapsed_seconds": round(elapsed, 2),
        "requests": total,
        "per_second": round(total / elapsed, 1),
        "kinds": per_kind,
    }


def main():
    config = json.loads(sys.argv[1])
    if config.get("nice"):
        os.nice(int(config["nice"]))
    phase = config["phase"]
    runner = {"slow-bodies": slow_bodies, "floods": floods}[phase]
    result = asyncio.run(runner(config))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
