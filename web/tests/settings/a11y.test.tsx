import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import axe from "axe-core";
import * as api from "../../src/services/api";
import * as sse from "../../src/services/sse";
import type { Schemas } from "../../src/services/api";
import SettingsPage from "../../src/pages/SettingsPage";
import McpPage from "../../src/pages/McpPage";
import IntegrationsPage from "../../src/pages/IntegrationsPage";
import { OrgFacts } from "../../src/components/settings/OrgCard";
import { renderPage } from "./render";

afterEach(() => vi.restoreAllMocks());

// jsdom has no layout or canvas, so contrast and the label/content match are left to the
// browser suite; structure, names and roles are checked here.
async function seriousViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { "color-contrast": { enabled: false }, "label-content-name-mismatch": { enabled: false } } });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const node: Schemas["NodeListItem"] = {
  node_id: "ab12cd34", name: "Garage", status: "online", camera_count: 1, last_seen: "2026-01-01T00:00:00Z",
  node_version: "1.2.0", latest_node_version: "1.3.0", min_supported_node_version: "1.0.0", version_supported: true, update_available: "1.3.0",
  storage: { used_bytes: 1e9, max_bytes: 5e10, disk_total_bytes: 1e11, disk_free_bytes: 5e10, reported_at: "2026-01-01T00:00:00Z" },
};

describe("accessibility (axe, serious and critical)", () => {
  it("Settings", { timeout: 20000 }, async () => {
    vi.spyOn(api, "listNodes").mockResolvedValue([node]);
    vi.spyOn(api, "getPlan").mockRejectedValue(new Error("offline"));
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listGroups").mockResolvedValue([{ id: 1, name: "Yard", icon: "trees", color: "#22c55e", camera_count: 0 }]);
    vi.spyOn(api, "getSettings").mockResolvedValue({ timezone: "UTC", notifications: { motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true } });
    vi.spyOn(api, "getNotificationSettings").mockResolvedValue({ motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true });
    vi.spyOn(api, "getEmailPreferences").mockResolvedValue({ email_globally_enabled: false, preferences: {} });
    vi.spyOn(api, "getMotionIngestion").mockResolvedValue({ motion_ingestion_enabled: true });
    vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
    renderPage(<SettingsPage />, { path: "/settings" });
    await screen.findByTestId("node-ab12cd34");
    await screen.findByRole("checkbox", { name: "Motion events" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("MCP", async () => {
    vi.spyOn(api, "listMcpKeys").mockResolvedValue([{ id: 1, name: "Agent", created_at: "2026-01-01T00:00:00Z", last_used_at: null, revoked: false, scope_mode: "all", scope_tools: [], kind: "mcp" }]);
    vi.spyOn(api, "listMcpTools").mockResolvedValue({ read: [], write: [], total: 0 });
    vi.spyOn(api, "getMcpRecent").mockResolvedValue([{ id: "e1", timestamp: 1767225600, tool_name: "list_cameras", org_id: "o", key_name: "Agent", status: "error", error: "boom" }]);
    vi.spyOn(api, "getMcpStats").mockResolvedValue({ total_calls: 1, calls_per_min: 0, calls_5m: 1, error_count: 1, active_clients: 1, recent_event_count: 1 });
    vi.spyOn(api, "getMcpSessions").mockResolvedValue([{ key_name: "Agent", last_active: 0, last_active_ago: 70, call_count: 1, status: "idle" }]);
    vi.spyOn(sse, "openEventStream").mockReturnValue(() => {});
    renderPage(<McpPage />, { path: "/mcp" });
    await screen.findByRole("cell", { name: "Agent" });
    await screen.findByRole("img", { name: "Failed" });
    expect(await seriousViolations()).toEqual([]);
  });

  it("Integrations", async () => {
    vi.spyOn(api, "listIntegrationKeys").mockResolvedValue([{ id: 2, name: "Home Assistant", created_at: "2026-01-01T00:00:00Z", last_used_at: null, revoked: false, scope_mode: "all", scope_tools: [], kind: "integration" }]);
    renderPage(<IntegrationsPage />, { path: "/integrations" });
    await screen.findByRole("button", { name: "Revoke Home Assistant" });
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("OrgFacts", () => {
  it("shows what Clerk knows about the organisation", () => {
    render(<OrgFacts orgId="org_2abc" planName="Pro" details={{ name: "Acme Security", createdAt: new Date("2025-03-01T10:00:00Z"), membersCount: 4 }} />);
    expect(screen.getByText("Acme Security")).toBeInTheDocument();
    expect(screen.getByText("4")).toBeInTheDocument();
    expect(screen.getByText("org_2abc")).toBeInTheDocument();
    expect(screen.queryByText(/local mode/)).not.toBeInTheDocument();
  });
});
