import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import * as sse from "../../src/services/sse";
import type { Schemas } from "../../src/services/api";
import McpPage from "../../src/pages/McpPage";
import IntegrationsPage from "../../src/pages/IntegrationsPage";
import { agoLabel } from "../../src/components/mcp/ConnectedClients";
import { clientSetup, mcpEndpoint } from "../../src/components/mcp/setup";
import { renderPage } from "../settings/render";

afterEach(() => vi.restoreAllMocks());
// The whole page renders and user-event types for real; a busy CI machine needs headroom.
vi.setConfig({ testTimeout: 20000 });

const key: Schemas["McpKeyItem"] = { id: 4, name: "Claude laptop", created_at: "2026-01-01T00:00:00Z", last_used_at: null, revoked: false, scope_mode: "readonly", scope_tools: [], kind: "mcp" };
const catalog: Schemas["McpToolCatalog"] = {
  read: [{ name: "list_cameras", description: "List cameras.", category: "read" }],
  write: [{ name: "create_incident", description: "Open an incident.", category: "write" }],
  total: 2,
};

function mockMcp(sessions: Schemas["McpSession"][] = []) {
  vi.spyOn(api, "listMcpKeys").mockResolvedValue([key]);
  vi.spyOn(api, "listMcpTools").mockResolvedValue(catalog);
  vi.spyOn(api, "getMcpRecent").mockResolvedValue([]);
  vi.spyOn(api, "getMcpStats").mockResolvedValue({ total_calls: 0, calls_per_min: 0, calls_5m: 0, error_count: 0, active_clients: sessions.length, recent_event_count: 0 });
  vi.spyOn(api, "getMcpSessions").mockResolvedValue(sessions);
  vi.spyOn(sse, "openEventStream").mockReturnValue(() => {});
}

describe("MCP setup snippets", () => {
  it("point every client at <origin>/mcp/ with the key as a bearer token", () => {
    expect(mcpEndpoint("https://cc.example/")).toBe("https://cc.example/mcp/");
    expect(clientSetup("claude-code", "https://cc.example", "osc_1").blocks[0].value).toBe(
      'claude mcp add --scope user --transport http opensentry https://cc.example/mcp/ --header "Authorization: Bearer osc_1"',
    );
    const cursor = JSON.parse(clientSetup("cursor", "https://cc.example", "osc_1").blocks[0].value);
    expect(cursor.mcpServers.opensentry).toEqual({ url: "https://cc.example/mcp/", headers: { Authorization: "Bearer osc_1" } });
    const desktop = JSON.parse(clientSetup("claude-desktop", "https://cc.example", "osc_1").blocks[0].value);
    expect(desktop.mcpServers.opensentry.args).toContain("https://cc.example/mcp/");
    expect(desktop.mcpServers.opensentry.env.OPENSENTRY_AUTH).toBe("Bearer osc_1");
  });

  it("words session ages", () => {
    expect(agoLabel(2)).toBe("just now");
    expect(agoLabel(42)).toBe("42 s ago");
    expect(agoLabel(180)).toBe("3 min ago");
  });
});

describe("McpPage", () => {
  beforeEach(() => mockMcp([{ key_name: "Claude laptop", last_active: 0, last_active_ago: 12, call_count: 3, status: "active" }]));

  it("lists connected clients from the activity sessions", async () => {
    renderPage(<McpPage />, { path: "/mcp" });
    const clients = await screen.findByRole("list", { name: "Connected clients" });
    expect(clients).toHaveTextContent("Claude laptop");
    expect(clients).toHaveTextContent("active");
    expect(clients).toHaveTextContent("3 calls · 12 s ago");
  });

  it("always shows the client setup with a key placeholder", async () => {
    renderPage(<McpPage />, { path: "/mcp" });
    const setup = screen.getByRole("region", { name: "Connect a client" });
    expect(within(setup).getByText(/claude mcp add/)).toHaveTextContent("Bearer <your osc_ key>");
    await userEvent.click(within(setup).getByRole("tab", { name: "Cursor" }));
    expect(within(setup).getByText(/"mcpServers"/)).toBeInTheDocument();
  });

  it("creates a key, shows it once with the snippets filled in, and confirms", async () => {
    vi.spyOn(api, "createMcpKey").mockResolvedValue({ id: 5, name: "Agent", key: "osc_" + "a".repeat(32), created_at: "2026-01-01T00:00:00Z", scope_mode: "all", scope_tools: [], warning: "Save this key now." });
    renderPage(<McpPage />, { path: "/mcp" });
    await userEvent.click(screen.getByRole("button", { name: "New key" }));
    await userEvent.type(screen.getByLabelText("Name"), "Agent");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByTestId("new-mcp-key")).toHaveTextContent("osc_" + "a".repeat(32));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByText(/claude mcp add/)).toHaveTextContent(`Bearer osc_${"a".repeat(32)}`);
    expect(within(dialog).getByRole("heading", { name: 'Key "Agent" created' })).toBeInTheDocument();
  });

  it("revokes a key after confirming in a dialog", async () => {
    const revoke = vi.spyOn(api, "revokeMcpKey").mockResolvedValue({ success: true, revoked: 4 });
    renderPage(<McpPage />, { path: "/mcp" });
    await userEvent.click(await screen.findByRole("button", { name: "Revoke" }));
    expect(revoke).not.toHaveBeenCalled();
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Revoke key" }));
    expect(revoke).toHaveBeenCalledWith(4);
    expect(await screen.findByText(/Revoked Claude laptop/)).toBeInTheDocument();
  });
});

describe("IntegrationsPage", () => {
  const haKey: Schemas["IntegrationKeyItem"] = { id: 9, name: "Home Assistant", created_at: "2026-01-01T00:00:00Z", last_used_at: null, revoked: false, scope_mode: "all", scope_tools: [], kind: "integration" };

  it("creates a key and shows it once", async () => {
    vi.spyOn(api, "listIntegrationKeys").mockResolvedValue([]);
    const create = vi.spyOn(api, "createIntegrationKey").mockResolvedValue({ id: 9, name: "Home Assistant", key: "osi_" + "b".repeat(32), created_at: "2026-01-01T00:00:00Z", kind: "integration", warning: "Save this key now." });
    renderPage(<IntegrationsPage />, { path: "/integrations" });
    expect(await screen.findByText("No integration keys")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Create integration key" }));
    expect(create).toHaveBeenCalledWith("Home Assistant");
    expect(await screen.findByTestId("new-integration-key")).toHaveTextContent("osi_" + "b".repeat(32));
    expect(screen.getByRole("heading", { name: "Integration key created" })).toBeInTheDocument();
  });

  it("revokes a key after confirmation", async () => {
    vi.spyOn(api, "listIntegrationKeys").mockResolvedValue([haKey]);
    const revoke = vi.spyOn(api, "revokeIntegrationKey").mockResolvedValue({ success: true });
    renderPage(<IntegrationsPage />, { path: "/integrations" });
    await userEvent.click(await screen.findByRole("button", { name: "Revoke Home Assistant" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Revoke key" }));
    expect(revoke).toHaveBeenCalledWith(9);
    expect(await screen.findByText(/Revoked Home Assistant/)).toBeInTheDocument();
  });
});
