import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../../src/services/api.js";
import { setTokenGetter } from "../../src/auth/token.js";

function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("api client", () => {
  let fetchMock;
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
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/cameras");
    expect(init.headers.Authorization).toBe("Bearer tok-123");
  });

  it("omits the header when signed out and for the local session call", async () => {
    setTokenGetter(async () => null);
    fetchMock.mockResolvedValue(jsonResponse(200, { token: "t" }));
    await api.createLocalSession("admin");
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/local/session");
    expect(init.headers.Authorization).toBeUndefined();
    expect(JSON.parse(init.body)).toEqual({ role: "admin" });
  });

  it("builds query strings without empty values", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { incidents: [], total: 0 }));
    await api.listIncidents({ status: "open", severity: "", camera_id: undefined, limit: 25, offset: 0 });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/incidents?status=open&limit=25&offset=0");
  });

  it("puts the group id in the query as the server expects", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { success: true }));
    await api.assignGroup("cam 1", null);
    expect(fetchMock.mock.calls[0][0]).toBe("/api/cameras/cam%201/group?group_id=0");
    expect(fetchMock.mock.calls[0][1].method).toBe("PUT");
  });

  it("sends MCP key scopes in the wire format", async () => {
    fetchMock.mockImplementation(async () => jsonResponse(200, { key: "osc_x" }));
    await api.createMcpKey({ name: "Claude", scopeMode: "custom", scopeTools: ["list_cameras"] });
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ name: "Claude", scope_mode: "custom", scope_tools: ["list_cameras"] });
    await api.createMcpKey({ name: "All" });
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({ name: "All", scope_mode: "all", scope_tools: null });
  });

  it("throws an ApiError with the rate-limit sentence and Retry-After", async () => {
    fetchMock.mockResolvedValue(jsonResponse(429, { error: "rate_limit_exceeded", message: "Too many requests.", limit: "5 per 1 minute", retry_after_seconds: 60 }, { "retry-after": "60" }));
    const error = await api.rotateNodeKey("abc").catch((e) => e);
    expect(error).toBeInstanceOf(api.ApiError);
    expect(error.status).toBe(429);
    expect(error.message).toBe("Too many requests.");
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.retryAfter).toBe(60);
  });

  it("announces 402 so the UpgradeModal can open", async () => {
    fetchMock.mockResolvedValue(jsonResponse(402, { detail: { error: "plan_required", plan: "pro" } }));
    const seen = vi.fn();
    api.apiEvents.addEventListener("payment-required", seen);
    const error = await api.updateSentinelConfig({ enabled: true }).catch((e) => e);
    api.apiEvents.removeEventListener("payment-required", seen);
    expect(error.message).toBe("This feature requires the Pro plan or higher.");
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen.mock.calls[0][0].detail).toBe(error);
  });

  it("reports an unreachable server in words", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const error = await api.getPlan().catch((e) => e);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/Could not reach the server/);
  });

  it("handles a non-JSON 500", async () => {
    fetchMock.mockResolvedValue(new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } }));
    const error = await api.getSettings().catch((e) => e);
    expect(error.message).toBe("Internal Server Error");
  });

  it("returns the raw response for downloads", async () => {
    fetchMock.mockResolvedValue(new Response("a,b\r\n", { status: 200, headers: { "content-type": "text/csv" } }));
    const res = await api.exportAuditLogsCsv({ event: "" });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/audit-logs?format=csv");
    expect(await res.text()).toBe("a,b\r\n");
  });
});
