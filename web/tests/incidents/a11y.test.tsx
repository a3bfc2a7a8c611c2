import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import { incident, me } from "./fixtures";
import { renderAt } from "./render";

vi.mock("../../src/components/HlsPlayer", () => ({ default: () => <div data-testid="clip" /> }));
const { default: IncidentsPage } = await import("../../src/pages/IncidentsPage");
const { default: SentinelPage } = await import("../../src/pages/SentinelPage");

afterEach(() => vi.restoreAllMocks());

/** Serious and critical axe violations (jsdom has no layout or canvas: contrast and the ligature check are left to the browser suite). */
async function seriousViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { "color-contrast": { enabled: false }, "label-content-name-mismatch": { enabled: false } } });
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// axe walks the whole document: slow in jsdom when the suite runs in parallel.
describe("accessibility", { timeout: 30000 }, () => {
  it("incidents list, filters and the detail view", async () => {
    vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 1, open_critical: 0, open_high: 1, total: 1 });
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 1, limit: 25, offset: 0, incidents: [incident()] });
    vi.spyOn(api, "getIncident").mockResolvedValue(incident({ evidence: [{ id: 1, incident_id: 7, kind: "observation", has_data: false, text: "Seen", timestamp: "2026-05-01T02:16:00" }] }));
    renderAt(<IncidentsPage />, { path: "/incidents/7", routes: ["/incidents", "/incidents/:incidentId"], identity: me });
    await screen.findByRole("dialog", { name: "#7 Person at gate" });
    await screen.findByTestId("incident-row-7");
    await userEvent.click(screen.getByRole("button", { name: "Edit" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("detail view's editor with a refused blank title", async () => {
    vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 1, open_critical: 0, open_high: 1, total: 1 });
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 1, limit: 25, offset: 0, incidents: [incident()] });
    vi.spyOn(api, "getIncident").mockResolvedValue(incident());
    renderAt(<IncidentsPage />, { path: "/incidents/7", routes: ["/incidents", "/incidents/:incidentId"], identity: me });
    await screen.findByRole("dialog", { name: "#7 Person at gate" });
    await userEvent.click(screen.getByRole("button", { name: "Edit" }));
    await userEvent.clear(screen.getByRole("textbox", { name: "Title" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("Title is required.");
    expect(await seriousViolations()).toEqual([]);
  });

  it("new incident modal", async () => {
    vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 0, open_critical: 0, open_high: 0, total: 0 });
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listIncidents").mockResolvedValue({ total: 0, limit: 25, offset: 0, incidents: [] });
    renderAt(<IncidentsPage />, { path: "/incidents", routes: ["/incidents"], identity: me });
    await userEvent.click(await screen.findByRole("button", { name: "New incident" }));
    expect(await seriousViolations()).toEqual([]);
  });

  it("sentinel page with a pending run", async () => {
    const view = {
      config: { enabled: true, motion_enabled: true, incident_opened_enabled: true, motion_cooldown_min: 5, schedule_mode: "always", schedule_start: "22:00", schedule_end: "06:00", active_days: [], camera_scope: {} },
      plan_gated: false,
      plan_required: "pro",
      plan_current: "Pro",
      monthly_cap: 100,
      agent: { wakeup_configured: true, agent_key_configured: true, last_poll_at: null, last_wakeup_at: null, last_wakeup_error: "timeout" },
    };
    vi.spyOn(api, "getSentinelConfig").mockResolvedValue(view as Schemas["SentinelConfigView"]);
    vi.spyOn(api, "listSentinelRuns").mockResolvedValue({
      runs: [{ id: "c".repeat(32), triggered_at: new Date().toISOString(), trigger_type: "manual", tool_call_count: 0, outcome: "pending", summary: "" }],
      total: 1,
      stats: { runs_today: 1, runs_total: 1, runs_this_month: 1, incidents_filed: 0, pending: 1, monthly_cap: 100, remaining_this_month: 99 },
    });
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    await screen.findByTestId("sentinel-pending-run");
    expect(await seriousViolations()).toEqual([]);
  });
});
