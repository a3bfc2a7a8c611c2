"""Schemathesis hooks: every 4xx must be one of the server's error envelopes.

The envelopes are the REST contract's E1-E6 (shared spec, rest-api.md §0.3), produced in
adapters-http/src/error.rs; a 4xx in any other shape is a bug the dashboard cannot parse.
"""

import schemathesis

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
