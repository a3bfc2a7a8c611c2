import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Mock } from "vitest";
import * as api from "../../src/services/api";
import { setTokenGetter } from "../../src/auth/token";

function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

// Path and query of a request, as the server sees them (the client sends absolute URLs).
function target(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

async function failure(promise: Promise<unknown>): Promise<api.ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof api.ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("api client", () => {
  let fetchMock: Mock<(request: Request) => Promise<Response>>;
  // The Request the client handed to fetch.
  const sent = (call = 0): Request => {
    const request = fetchMock.mock.calls[call]?.[0];
    if (!request) throw new Error(`no fetch call #${call}`);
    return request;
  };
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    setTokenGetter(async () => "tok-123");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setTokenGetter(null);
  });

  it("sends the shared bearer token and parses JSON", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, [{ camera_id: "n_cam" }]));
    await expect(api.listCameras()).resolves.toEqual([{ camera_id: "n_cam" }]);
    expect(target(sent())).toBe("/api/cameras");
    expect(sent().headers.get("Authorization")).toBe("Bearer tok-123");
    expect(sent().headers.get("Accept")).toBe("application/json");
  });

  it("never sends the token on the local session call", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { token: "t" }));
    await api.createLocalSession("member");
    expect(sent().headers.get("Authorization")).toBeNull();
  });

  it("omits the header when signed out and for the local session call", async () => {
    setTokenGetter(async () => null);
    fetchMock.mockResolvedValue(jsonResponse(200, { token: "t" }));
    await api.createLocalSession("admin");
    expect(target(sent())).toBe("/api/local/session");
    expect(sent().headers.get("Authorization")).toBeNull();
    expect(await sent().json()).toEqual({ role: "admin" });
  });

  it("builds query strings without empty values", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { incidents: [], total: 0 }));
    await api.listIncidents({ status: "open", severity: "", camera_id: undefined, limit: 25, offset: 0 });
    expect(target(sent())).toBe("/api/incidents?status=open&limit=25&offset=0");
  });

  it("puts the group id in the query as the server expects", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { success: true }));
    await api.assignGroup("cam 1", null);
    expect(target(sent())).toBe("/api/cameras/cam%201/group?group_id=0");
    expect(sent().method).toBe("PUT");
  });

  it("sends MCP key scopes in the wire format", async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { key: "osc_x" }));
    await api.createMcpKey({ name: "Claude", scopeMode: "custom", scopeTools: ["list_cameras"] });
    expect(await sent(0).json()).toEqual({ name: "Claude", scope_mode: "custom", scope_tools: ["list_cameras"] });
    await api.createMcpKey({ name: "All" });
    expect(await sent(1).json()).toEqual({ name: "All", scope_mode: "all", scope_tools: null });
  });

  it("throws an ApiError with the rate-limit sentence and Retry-After", async () => {
    fetchMock.mockResolvedValue(jsonResponse(429, { error: "rate_limit_exceeded", message: "Too many requests.", limit: "5 per 1 minute", retry_after_seconds: 60 }, { "retry-after": "60" }));
    const error = await failure(api.rotateNodeKey("abc"));
    expect(error.status).toBe(429);
    expect(error.message).toBe("Too many requests.");
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.retryAfter).toBe(60);
  });

  it("announces 402 so the UpgradeModal can open", async () => {
    fetchMock.mockResolvedValue(jsonResponse(402, { detail: { error: "plan_required", plan: "pro" } }));
    const seen = vi.fn((event: Event) => (event as CustomEvent<api.ApiError>).detail);
    api.apiEvents.addEventListener("payment-required", seen);
    const error = await failure(api.updateSentinelConfig({ enabled: true }));
    api.apiEvents.removeEventListener("payment-required", seen);
    expect(error.message).toBe("This feature requires the Pro plan or higher.");
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen.mock.results[0]?.value).toBe(error);
  });

  it("announces 401 from a signed-in call, not from the local sign-in", async () => {
    const seen = vi.fn();
    api.apiEvents.addEventListener("unauthorized", seen);
    fetchMock.mockImplementation(async () => jsonResponse(401, { detail: "Invalid token" }));
    const error = await failure(api.listNodes());
    await failure(api.createLocalSession("admin"));
    api.apiEvents.removeEventListener("unauthorized", seen);
    expect(error.message).toBe("Invalid token");
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("words the validation envelope (E3) and keeps its code", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(422, { detail: { error: "validation_failed", message: "Field required (name)", errors: [{ loc: ["body", "name"], msg: "Field required", type: "missing" }] } }),
    );
    const error = await failure(api.createGroup({ name: "" }));
    expect(error.status).toBe(422);
    expect(error.message).toBe("Field required (name)");
    expect(error.code).toBe("validation_failed");
  });

  it("rethrows an abort as is", async () => {
    fetchMock.mockRejectedValue(new DOMException("The operation was aborted.", "AbortError"));
    const error = await api.listCameras().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("reports an unreachable server in words", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const error = await failure(api.getPlan());
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Could not reach the server/);
  });

  it("handles a non-JSON 500", async () => {
    fetchMock.mockResolvedValue(new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } }));
    const error = await failure(api.getSettings());
    expect(error.message).toBe("Internal Server Error");
  });

  it("returns the raw response for downloads", async () => {
    fetchMock.mockResolvedValue(new Response("a,b\r\n", { status: 200, headers: { "content-type": "text/csv" } }));
    const res = await api.exportAuditLogsCsv({ event: "" });
    expect(target(sent())).toBe("/api/audit-logs?format=csv");
    expect(await res.text()).toBe("a,b\r\n");
  });
});
