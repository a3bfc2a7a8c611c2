"""Helpers of the abuse run: an RSA key with its JWKS server, RS256 session tokens signed
with `cryptography`, raw HTTP/1.1 over loopback sockets, and small statistics.

Stdlib plus `cryptography` only."""

import base64
import re
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

KID = "abuse-key"
FRONTEND_URL = "http://localhost:5173"
# Linux: defer the local port choice to connect(), so a bound source address does not
# cap the number of connections at one port per address.
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(value):
    return b64url(json.dumps(value, separators=(",", ":")).encode())


# ----- identity ---------------------------------------------------------------------------


class SigningKey:
    """An RSA key pair: signs session tokens like Clerk, publishes the public half."""

    def __init__(self, kid=KID):
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.private.public_key().public_numbers()
        self.jwk = {
            "kty": "RSA",
            "kid": kid,
            "use": "sig",
            "alg": "RS256",
            "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": b64url(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")),
        }

    def token(self, sub, org_id, role="org:admin", ttl=900, **extra):
        """A fresh Clerk V1 session token (new `jti` and `iat` every call)."""
        now = int(time.time())
        claims = {
            "sub": sub,
            "org_id": org_id,
            "org_role": role,
            "azp": FRONTEND_URL,
            "iat": now,
            "nbf": now - 2,
            "exp": now + ttl,
            "jti": os.urandom(10).hex(),
            "sid": "sess_abuse",
            "pla": "o:pro_plus",
        }
        claims.update(extra)
        signing_input = f"{b64url_json({'alg': 'RS256', 'typ': 'JWT', 'kid': self.kid})}.{b64url_json(claims)}"
        signature = self.private.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{b64url(signature)}"

    def forged(self, sub, org_id, role="org:admin"):
        """Right `kid`, valid-looking claims, a signature that is not ours."""
        head, payload, _ = self.token(sub, org_id, role).split(".")
        return f"{head}.{payload}.{b64url(os.urandom(256))}"


class JwksServer:
    """Serves `/.well-known/jwks.json` on loopback; `down = True` makes it answer 503."""

    def __init__(self, key):
        self.key = key
        self.down = False
        self.lock = threading.Lock()
        self.hits = {"ok": 0, "refused": 0}
        self.last_hit = time.monotonic()  # when the server last asked for the keys
        owner = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with owner.lock:
                    down = owner.down
                    owner.hits["refused" if down else "ok"] += 1
                    owner.last_hit = time.monotonic()
                if down:
                    body, status = b'{"error":"unavailable"}', 503
                elif self.path.split("?")[0] == "/.well-known/jwks.json":
                    body, status = json.dumps({"keys": [owner.key.jwk]}).encode(), 200
                else:
                    body, status = b"{}", 404
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/.well-known/jwks.json"
        threading.Thread(target=self.httpd.serve_forever, daemon=True, name="jwks").start()

    def publishable_key(self):
        return "pk_test_" + base64.b64encode(f"127.0.0.1:{self.port}$".encode()).decode()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ----- raw HTTP/1.1 -----------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def source_address_works(ip):
    """Whether this host can originate loopback connections from `ip` (127.0.0.0/8)."""
    try:
        with socket.socket() as s:
            s.bind((ip, 0))
        return True
    except OSError:
        return False


def connect(port, source_ip="127.0.0.1", timeout=5.0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if source_ip != "127.0.0.1":
        sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        sock.bind((source_ip, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def build_request(method, path, headers=None, body=b"", keep_alive=True):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class BlockingConnection:
    """One keep-alive HTTP/1.1 connection on a blocking socket (legitimate clients).
    Reconnects transparently when the server closed it between requests."""

    def __init__(self, port, source_ip="127.0.0.1", timeout=5.0):
        self.port, self.source_ip, self.timeout = port, source_ip, timeout
        self.sock = None
        self.buffer = b""
        self.reconnects = 0

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.buffer = None, b""

    def request(self, raw):
        """Sends prebuilt request bytes and returns the Response. A reused keep-alive socket
        the server closed meanwhile is replaced once; a timeout is never retried."""
        reused = self.sock is not None
        if not reused:
            self.sock = connect(self.port, self.source_ip, self.timeout)
        try:
            return self._exchange(raw)
        except socket.timeout:
            self.close()
            raise
        except (ConnectionError, EOFError) as error:
            self.close()
            if not reused:
                raise ConnectionError(str(error)) from error
        self.reconnects += 1
        self.sock = connect(self.port, self.source_ip, self.timeout)
        try:
            return self._exchange(raw)
        except (ConnectionError, EOFError) as error:
            self.close()
            raise ConnectionError(str(error)) from error
        except socket.timeout:
            self.close()
            raise

    def _exchange(self, raw):
        self.sock.sendall(raw)
        response = self._read_response()
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        return response

    def _fill(self):
        chunk = self.sock.recv(262144)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buffer += chunk

    def _read_response(self):
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status, headers = parse_head(head)
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                while b"\r\n" not in self.buffer:
                    self._fill()
                size_line, self.buffer = self.buffer.split(b"\r\n", 1)
                size = int(size_line.split(b";")[0], 16)
                while len(self.buffer) < size + 2:
                    self._fill()
                body += self.buffer[:size]
                self.buffer = self.buffer[size + 2:]
                if size == 0:
                    break
        else:
            length = int(headers.get("content-length", "0"))
            while len(self.buffer) < length:
                self._fill()
            body, self.buffer = self.buffer[:length], self.buffer[length:]
        return Response(status, headers, body)


def parse_head(head):
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return status, headers


def one_shot(port, method, path, headers=None, body=b"", timeout=10.0, source_ip="127.0.0.1"):
    """A request on a fresh connection, closed afterwards."""
    conn = BlockingConnection(port, source_ip, timeout)
    try:
        return conn.request(build_request(method, path, headers, body, keep_alive=False))
    finally:
        conn.close()


def api(port, method, path, token=None, body=None, timeout=10.0):
    headers = {}
    data = b""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    return one_shot(port, method, path, headers, data, timeout)


def websocket_upgrade(port, node_id, api_key, source_ip="127.0.0.1", timeout=5.0, hold=0.0):
    """`GET /ws/node` with the node's headers; returns the status code of the answer (only
    its status line is read). A 101 socket is held `hold` seconds, then closed with a
    masked close frame."""
    sock = connect(port, source_ip, timeout)
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(build_request("GET", "/ws/node", {
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": key,
            "Sec-WebSocket-Version": "13",
            "X-Node-Id": node_id,
            "X-Node-API-Key": api_key,
        }))
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed before a status line")
            data += chunk
        status = int(data.split(b"\r\n", 1)[0].split(b" ", 2)[1])
        if status == 101 and hold:
            time.sleep(hold)
            mask = os.urandom(4)
            payload = (1000).to_bytes(2, "big")
            masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            try:
                sock.sendall(bytes([0x88, 0x80 | len(payload)]) + mask + masked)
                time.sleep(0.1)
            except OSError:
                pass
        return status
    finally:
        sock.close()


# ----- statistics -------------------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
    return ordered[rank]


def median(values):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def process_figures(pid):
    """RSS (MiB), open file descriptors and threads of a live process, from /proc."""
    figures = {"rss_mib": None, "fds": None, "threads": None}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    figures["rss_mib"] = round(int(line.split()[1]) / 1024, 1)
                elif line.startswith("Threads:"):
                    figures["threads"] = int(line.split()[1])
        figures["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        pass
    return figures


def process_cpu_seconds(pid):
    """User plus system CPU time a live process has used, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def load_average():
    try:
        with open("/proc/loadavg") as loadavg:
            return loadavg.read().split()[0]
    except OSError:
        return "?"


# ----- the server's log -------------------------------------------------------------------


class LogMeter:
    """Measures a log file another process appends to (opened with O_APPEND): bytes, lines,
    the longest line and the most frequent message shapes, read incrementally. Keeps the
    disk safe: past `truncate_at` bytes the file is measured and then truncated (the writer
    goes on at offset 0), and past `scan_cap` bytes of content only sizes are counted (the
    longest line is then a lower bound). Bytes written between the last read and a
    truncation are not counted, so totals past the first truncation are approximate."""

    ANSI = re.compile(rb"\x1b\[[0-9;]*m")
    STAMP = re.compile(rb"^\S+\s+")
    NUMBERS = re.compile(rb"[0-9a-f]{6,}|\d+")

    def __init__(self, path, truncate_at=256 << 20, scan_cap=1 << 30, shapes_cap=64 << 20):
        self.path = path
        self.truncate_at, self.scan_cap, self.shapes_cap = truncate_at, scan_cap, shapes_cap
        self.lock = threading.Lock()
        self.offset = 0  # how far the current file has been read
        self.dropped = 0  # bytes removed by truncations
        self.scanned = 0  # bytes of content read
        self.unscanned = 0  # bytes counted by size only
        self.lines = 0
        self.longest = 0
        self.longest_head = b""
        self.truncations = 0
        self.tail_before_truncation = b""  # the last 64 KiB before the latest truncation
        self.shapes = {}
        self._length, self._head = 0, b""  # the line being read

    def total(self):
        with self.lock:
            return self.dropped + self._size()

    def _size(self):
        try:
            return os.path.getsize(self.path)
        except OSError:
            return 0

    def poll(self):
        """Reads what was appended since the last call (and truncates when due)."""
        with self.lock:
            size = self._size()
            if size < self.offset:  # truncated by someone else
                self.offset = 0
            if self.scanned < self.scan_cap:
                with open(self.path, "rb") as log:
                    log.seek(self.offset)
                    while self.offset < size and self.scanned < self.scan_cap:
                        chunk = log.read(min(8 << 20, size - self.offset))
                        if not chunk:
                            break
                        self._scan(chunk)
                        self.offset += len(chunk)
                        self.scanned += len(chunk)
            if self.offset < size:
                self.unscanned += size - self.offset
                self.offset = size
            if size > self.truncate_at:
                with open(self.path, "rb") as log:
                    log.seek(max(0, size - 65536))
                    self.tail_before_truncation = log.read(65536)
                current = self._size()
                os.truncate(self.path, 0)
                self.dropped += current
                self.unscanned += max(0, current - self.offset)
                self.offset = 0
                self.truncations += 1

    def _scan(self, chunk):
        parts = chunk.split(b"\n")
        # The first part continues the line being read; the last one is left open.
        for index, part in enumerate(parts):
            if len(self._head) < 400:
                self._head += part[:400 - len(self._head)]
            self._length += len(part)
            if index == len(parts) - 1:
                break
            self.lines += 1
            if self._length > self.longest:
                self.longest, self.longest_head = self._length, self._head[:160]
            if self.scanned < self.shapes_cap:
                shape = self.NUMBERS.sub(b"#", self.STAMP.sub(b"", self.ANSI.sub(b"", self._head)))[:100]
                self.shapes[shape] = self.shapes.get(shape, 0) + 1
            self._length, self._head = 0, b""

    def tail(self, size=65536):
        """The log's last `size` bytes, across the latest truncation."""
        with self.lock:
            try:
                with open(self.path, "rb") as log:
                    log.seek(max(0, self._size() - size))
                    current = log.read(size)
            except OSError:
                current = b""
            if len(current) < size:
                current = self.tail_before_truncation[-(size - len(current)):] + current
            return current

    def figures(self):
        self.poll()
        with self.lock:
            longest = max(self.longest, self._length)
            top = sorted(self.shapes.items(), key=lambda item: -item[1])[:6]
            return {
                "bytes": self.dropped + self._size(),
                "lines": self.lines + (1 if self._length else 0),
                "longest": longest,
                "longest_is_lower_bound": self.unscanned > 0,
                "longest_head": (self.longest_head if self.longest >= self._length else self._head[:160])
                .decode(errors="replace"),
                "truncations": self.truncations,
                "unscanned": self.unscanned,
                "top": [(count, shape.decode(errors="replace")) for shape, count in top],
            }
