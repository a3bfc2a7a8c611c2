"""Schemathesis hooks: every 4xx must be one of the server's error envelopes; webhook
requests carry a valid Svix signature; segment pushes are sent as raw bytes.

The envelopes are the REST contract's E1-E6 (shared spec, rest-api.md §0.3), produced in
adapters-http/src/error.rs; a 4xx in any other shape is a bug the dashboard cannot parse.
"""

import ast
import base64
import hashlib
import hmac
import json
import os
import threading
import time
import uuid

import schemathesis

# CPython 3.11's AST builder keeps its recursion counter in state the threads share, so two
# threads parsing at once can fail with "AST constructor recursion depth mismatch"
# (python/cpython#106905 and its kind). Hypothesis parses source to describe the lambdas
# of a strategy, and run.sh's two workers are two threads: one parse at a time.
_parse = ast.parse
_parse_lock = threading.Lock()


def _serialised_parse(*args, **kwargs):
    with _parse_lock:
        return _parse(*args, **kwargs)


ast.parse = _serialised_parse

RATE_LIMIT_KEYS = {"error", "message", "limit", "retry_after_seconds"}


def _is_envelope(body):
    if not isinstance(body, dict):
        return False
    if "detail" in body:
        detail = body["detail"]
        if isinstance(detail, str):  # E1
            return True
        if isinstance(detail, dict):  # E2, E3, E5: the client reads detail.message
            if detail.get("error") == "validation_failed":
                return isinstance(detail.get("message"), str) and isinstance(detail.get("errors"), list)
            return isinstance(detail.get("message"), str) or isinstance(detail.get("error"), str)
        return False
    if RATE_LIMIT_KEYS <= body.keys():  # E4
        return True
    # E6: the MCP pre-auth gate.
    return set(body.keys()) == {"error"} and isinstance(body["error"], str)


# The unsubscribe link is opened in a browser: its 400 is the documented HTML page.
HTML_BY_CONTRACT = {"/api/notifications/email/unsubscribe"}


def _is_jsonrpc_error(body):
    """The MCP transport answers in JSON-RPC 2.0 (the MCP spec), not in the REST envelopes."""
    return (
        isinstance(body, dict)
        and body.get("jsonrpc") == "2.0"
        and isinstance(body.get("error"), dict)
        and isinstance(body["error"].get("code"), int)
        and isinstance(body["error"].get("message"), str)
    )


@schemathesis.serializer("video/mp2t")
def mp2t(ctx, value):
    # Segment pushes are raw bytes; any generated value is sent as its bytes.
    if isinstance(value, bytes):
        return value
    return str(value).encode()


@schemathesis.check
def error_envelope(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return None
    path = case.operation.path
    if path in HTML_BY_CONTRACT and response.headers.get("content-type", [""])[0].startswith("text/html"):
        return None
    try:
        body = response.json()
    except Exception:
        raise AssertionError(
            f"{response.status_code} body is not JSON: {response.text[:200]!r}"
        )
    if path.startswith("/mcp") and _is_jsonrpc_error(body):
        return None
    if not _is_envelope(body):
        raise AssertionError(f"{response.status_code} body is not an error envelope: {str(body)[:300]}")
    return None


# The webhooks are authenticated by their Svix signature, which no generated request can
# carry: sign each one with the secret the run gave the server (run.sh), so conformance is
# tested past the signature check.
WEBHOOK_SECRET = os.environ.get("SENTINEL_ST_WEBHOOK_SECRET", "")
SVIX_HEADERS = ("svix-id", "svix-timestamp", "svix-signature")


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if not WEBHOOK_SECRET or not case.operation.path.startswith("/api/webhooks/"):
        return
    # A case without one of the headers is schemathesis's "missing required header": left
    # unsigned, so the server has to refuse it as the contract says.
    present = {name.lower() for name in case.headers or {}}
    if not all(name in present for name in SVIX_HEADERS):
        return
    # The body goes out as these very bytes, so the signature covers exactly what the
    # server reads. They travel as the transport's own body, not as the case's: schemathesis
    # re-judges a case body a hook edits, and would take serialised bytes for a violation
    # of the object schema. (The headers are strings either way.)
    if isinstance(case.body, bytes):
        payload = case.body
    elif type(case.body).__name__ == "NotSet":  # no body at all
        payload = b""
    else:
        payload = json.dumps(case.body).encode()
    if payload:
        kwargs["data"] = payload
    message_id = f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(time.time()))
    key = base64.b64decode(WEBHOOK_SECRET.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + payload
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    headers = {name: value for name, value in case.headers.items() if name.lower() not in SVIX_HEADERS}
    headers.update({
        "svix-id": message_id,
        "svix-timestamp": timestamp,
        "svix-signature": f"v1,{signature}",
    })
    case.headers = headers
