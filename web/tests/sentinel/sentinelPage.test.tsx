import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import type { SentinelAgentStatus } from "../../src/services/sentinelApi";
import SentinelPage from "../../src/pages/SentinelPage";
import { me } from "../incidents/fixtures";
import { renderAt } from "../incidents/render";

afterEach(() => vi.restoreAllMocks());

const view: Omit<Schemas["SentinelConfigView"], "agent"> = {
  config: { enabled: true, motion_enabled: true, incident_opened_enabled: true, motion_cooldown_min: 5, schedule_mode: "always", schedule_start: "22:00", schedule_end: "06:00", active_days: [], camera_scope: {} },
  plan_gated: false,
  plan_required: "pro",
  plan_current: "Pro",
  monthly_cap: 100,
};

const stats: Schemas["SentinelRunStats"] = { runs_today: 1, runs_total: 3, runs_this_month: 3, incidents_filed: 0, pending: 1, monthly_cap: 100, remaining_this_month: 97 };
const pendingRun: Schemas["SentinelRunItem"] = { id: "b".repeat(32), triggered_at: new Date(Date.now() - 15 * 60_000 - 30_000).toISOString(), trigger_type: "motion", camera_id: "cam_front", tool_call_count: 0, outcome: "pending", summary: "" };

function stub(agent: SentinelAgentStatus | undefined) {
  // Without `agent` the page reads as an older server (agent status unknown).
  vi.spyOn(api, "getSentinelConfig").mockResolvedValue({ ...view, ...(agent ? { agent } : {}) } as Schemas["SentinelConfigView"]);
  vi.spyOn(api, "listSentinelRuns").mockResolvedValue({ runs: [pendingRun], total: 1, stats });
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
}

const noAgent: SentinelAgentStatus = { wakeup_configured: false, agent_key_configured: false, last_poll_at: null, last_wakeup_at: null, last_wakeup_error: null };

describe("SentinelPage", () => {
  it("explains pending runs when no agent is connected and says they count toward the quota", async () => {
    stub(noAgent);
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    const status = await screen.findByTestId("sentinel-agent-status");
    expect(status).toHaveAttribute("data-state", "not_configured");
    expect(within(status).getByRole("heading", { name: "No agent connected" })).toBeInTheDocument();
    const pending = await screen.findByTestId("sentinel-pending-run");
    expect(pending).toHaveTextContent("Waiting 15 min");
    expect(pending).toHaveTextContent("No agent is connected to claim it.");
    expect(pending).toHaveTextContent("Expires in 5 h 44 min");
    expect(screen.getByTestId("sentinel-quota-note")).toHaveTextContent("Every run counts toward the monthly quota (97 of 100 left)");
  });

  it("shows a failing wake-up with its error", async () => {
    stub({ ...noAgent, agent_key_configured: true, wakeup_configured: true, last_wakeup_error: "HTTP 502 from agent" });
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    const status = await screen.findByTestId("sentinel-agent-status");
    expect(status).toHaveAttribute("data-state", "wakeup_failing");
    expect(status).toHaveTextContent("HTTP 502 from agent");
  });

  it("treats a server without the agent object as unknown", async () => {
    stub(undefined);
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    expect(await screen.findByTestId("sentinel-agent-status")).toHaveAttribute("data-state", "unknown");
  });

  it("warns after Run now when no agent will pick the run up", async () => {
    stub(noAgent);
    const runNow = vi.spyOn(api, "runSentinelNow").mockResolvedValue({ ...pendingRun, trigger_type: "manual" });
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    await screen.findByTestId("sentinel-agent-status");
    await userEvent.click(screen.getByRole("button", { name: "Run now" }));
    expect(runNow).toHaveBeenCalledWith({ prompt: "", cameraId: "" });
    expect(await screen.findByText(/no agent is picking runs up right now/)).toBeInTheDocument();
  });

  it("lists a claimed run with its running time and the stranding limit", async () => {
    stub(noAgent);
    const running = { ...pendingRun, id: "d".repeat(32), outcome: "running", started_at: new Date(Date.now() - 4 * 60_000 - 10_000).toISOString() };
    vi.mocked(api.listSentinelRuns).mockResolvedValue({ runs: [running, pendingRun], total: 2, stats });
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    const item = await screen.findByTestId("sentinel-running-run");
    expect(item).toHaveTextContent("Running 4 min");
    expect(item).toHaveTextContent("Closed as an error (stranded) in 15 min");
    expect(screen.getByRole("heading", { name: "Waiting or running (2)" })).toBeInTheDocument();
  });

  it("explains a pending run in its detail view", async () => {
    stub(noAgent);
    vi.spyOn(api, "getSentinelRun").mockResolvedValue({ ...pendingRun, tool_trace: [] });
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    const item = await screen.findByTestId("sentinel-pending-run");
    await userEvent.click(within(item).getByRole("button", { name: /Motion/ }));
    const dialog = await screen.findByRole("dialog", { name: "Sentinel run" });
    expect(await within(dialog).findByText("Waiting for 15 min.")).toBeInTheDocument();
    expect(within(dialog).getByRole("status")).toHaveTextContent("No agent is connected to claim it. It counts toward this month's quota.");
    expect(within(dialog).getByText("No tool calls recorded.")).toBeInTheDocument();
  });

  it("toasts after saving the configuration", async () => {
    stub(noAgent);
    const save = vi.spyOn(api, "updateSentinelConfig").mockResolvedValue({ config: { ...view.config, motion_enabled: false } });
    renderAt(<SentinelPage />, { path: "/sentinel", routes: ["/sentinel"], identity: me });
    await userEvent.click(await screen.findByRole("checkbox", { name: "Investigate motion" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ motion_enabled: false }));
    expect(await screen.findByText("Sentinel settings saved.")).toBeInTheDocument();
  });
});
