import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import axe from "axe-core";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import * as adminApi from "../../src/services/adminApi";
import type { ViewerUsage } from "../../src/services/adminApi";
import { ToastProvider } from "../../src/hooks/useToasts";
import AdminPage from "../../src/pages/AdminPage";
import { dayRange } from "../../src/components/admin/series";

// uPlot draws on a canvas jsdom does not have; the wrapper's contract is what it hands over.
const plots = vi.hoisted(() => [] as { opts: { width: number; series: { label?: string }[] }; data: number[][] }[]);
vi.mock("uplot", () => {
  class FakePlot {
    static paths = { bars: () => () => null };
    static tzDate = (date: Date) => date;
    constructor(opts: (typeof plots)[number]["opts"], data: number[][]) {
      plots.push({ opts, data });
    }
    setSize() {}
    destroy() {}
  }
  return { default: FakePlot };
});

const today = dayRange(1)[0];

const cameras = [
  { camera_id: "cam-b", name: "Back yard" },
  { camera_id: "cam-a", name: "Front door" },
] as Schemas["CameraItem"][];

const plan = {
  plan: "pro", plan_name: "Pro", features: [], payment_past_due: false, plan_cancel_pending: false, grace_window_days: 7,
  usage: { nodes: 1, cameras: 2, viewer_hours_used: 3.25, viewer_hours_limit: 60 },
  limits: {},
} as unknown as Schemas["PlanOverviewBody"];

const usage: ViewerUsage = { days: 7, today_hours: 0.42, month_hours: 3.1, month_limit_hours: 60, active_viewers: 2, by_day: [{ date: today, hours: 0.42 }] };

function stubEndpoints({ usageFails = true } = {}) {
  vi.spyOn(api, "listCameras").mockResolvedValue(cameras);
  vi.spyOn(api, "getPlan").mockResolvedValue(plan);
  vi.spyOn(api, "getIncidentCounts").mockResolvedValue({ open: 3, open_critical: 1, open_high: 1, total: 9 });
  vi.spyOn(api, "getStreamLogStats").mockResolvedValue({ days: 7, total_accesses: 12, by_camera: [{ camera_id: "cam-a", count: 10 }, { camera_id: "gone", count: 2 }], by_user: [], by_day: [{ date: today, count: 4 }] });
  vi.spyOn(api, "getMcpLogStats").mockResolvedValue({ days: 7, total_calls: 5, total_errors: 1, by_tool: [{ tool_name: "list_cameras", count: 5 }], by_key: [], by_day: [{ date: today, count: 5 }] });
  vi.spyOn(api, "getMotionStats").mockResolvedValue({ hours: 168, cameras: [{ camera_id: "cam-b", event_count: 7 }] });
  vi.spyOn(api, "listMotionEvents").mockResolvedValue({ total: 1, limit: 500, offset: 0, hours: 168, events: [{ id: 1, org_id: "o", camera_id: "cam-b", node_id: "n", score: 50, timestamp: `${today}T01:00:00` }] });
  vi.spyOn(api, "getHealthDetailed").mockResolvedValue({ status: "healthy", version: "2.1.2", checks: {} } as unknown as Awaited<ReturnType<typeof api.getHealthDetailed>>);
  vi.spyOn(api, "listMcpTools").mockResolvedValue({ total: 3, read: [{ name: "list_cameras", description: "", category: "read" }, { name: "get_camera", description: "", category: "read" }], write: [{ name: "set_recording", description: "", category: "write" }] });
  vi.spyOn(api, "listMcpKeys").mockResolvedValue([{ id: 1, name: "claude" }] as Schemas["McpKeyItem"][]);
  const usageSpy = vi.spyOn(adminApi, "getViewerUsage");
  if (usageFails) usageSpy.mockRejectedValue(new api.ApiError({ status: 404, message: "Not Found" }));
  else usageSpy.mockResolvedValue(usage);
}

function renderAdmin(path: string) {
  return render(
    <ToastProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/admin/:tab" element={<AdminPage />} />
        </Routes>
      </MemoryRouter>
    </ToastProvider>,
  );
}

beforeEach(() => {
  plots.length = 0;
});
afterEach(() => vi.restoreAllMocks());

describe("Admin KPI strip", () => {
  it("shows a dash where the viewer-hour endpoint is missing and keeps the other figures", async () => {
    stubEndpoints({ usageFails: true });
    vi.spyOn(api, "listStreamLogs").mockResolvedValue({ total: 0, limit: 50, offset: 0, logs: [] });
    renderAdmin("/admin");
    await waitFor(() => expect(screen.getByTestId("kpi-incidents")).toHaveTextContent("3"));
    expect(screen.getByTestId("kpi-viewer-hours-today")).toHaveTextContent("—");
    expect(screen.getByTestId("kpi-viewer-hours-today")).toHaveTextContent("Not available");
    expect(screen.getByTestId("kpi-active-viewers")).toHaveTextContent("—");
    // This month's total still comes from the plan.
    expect(screen.getByTestId("kpi-viewer-hours-month")).toHaveTextContent("3.25 h");
    await waitFor(() => expect(screen.getByTestId("kpi-stream-views")).toHaveTextContent("4"));
    expect(screen.getByTestId("kpi-mcp-calls")).toHaveTextContent("1 error");
  });

  it("fills the viewer tiles from the usage endpoint", async () => {
    stubEndpoints({ usageFails: false });
    vi.spyOn(api, "listStreamLogs").mockResolvedValue({ total: 0, limit: 50, offset: 0, logs: [] });
    renderAdmin("/admin");
    await waitFor(() => expect(screen.getByTestId("kpi-viewer-hours-today")).toHaveTextContent("0.42 h"));
    expect(screen.getByTestId("kpi-active-viewers")).toHaveTextContent("2");
    expect(screen.getByTestId("kpi-viewer-hours-month")).toHaveTextContent("of 60 h");
    expect(within(screen.getByTestId("kpi-viewer-hours-today")).getByRole("img", { name: /Viewer-hours per day/ })).toBeInTheDocument();
  });
});

describe("Admin stream logs", () => {
  it("filters by camera name, names cameras in rows, pages by the chosen size and confirms exports", async () => {
    stubEndpoints();
    const list = vi.spyOn(api, "listStreamLogs").mockResolvedValue({
      total: 1, limit: 50, offset: 0,
      logs: [{ id: 1, user_id: "u1", user_email: "ada@example.com", org_id: "o", camera_id: "cam-a", node_id: "n", ip_address: "10.0.0.1", accessed_at: `${today}T08:00:00` }],
    });
    vi.spyOn(api, "exportStreamLogsCsv").mockResolvedValue(new Response("a,b\r\n"));
    const download = vi.spyOn(api, "downloadResponse").mockResolvedValue();
    renderAdmin("/admin/stream-logs");

    const camera = await screen.findByRole("combobox", { name: "Camera" });
    await waitFor(() => expect(within(camera).getAllByRole("option").map((o) => o.textContent)).toEqual(["All cameras", "Back yard", "Front door"]));
    expect(await screen.findByRole("cell", { name: "Front door" })).toBeInTheDocument();

    await userEvent.selectOptions(camera, "Front door");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ camera_id: "cam-a", offset: 0, limit: 50 })));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Rows per page" }), "100");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ camera_id: "cam-a", limit: 100 })));

    // Typing asks once the typing pauses, not once per key.
    await userEvent.type(screen.getByRole("searchbox", { name: "Viewer" }), "ada");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ user_id: "ada" })));
    expect(list.mock.calls.filter(([q]) => q.user_id === "a" || q.user_id === "ad")).toEqual([]);

    await userEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(download).toHaveBeenCalled();
    expect(await screen.findByText("Stream views exported as CSV.")).toBeInTheDocument();
  });

  it("says why an export failed", async () => {
    stubEndpoints();
    vi.spyOn(api, "listStreamLogs").mockResolvedValue({ total: 0, limit: 50, offset: 0, logs: [] });
    vi.spyOn(api, "exportStreamLogsCsv").mockRejectedValue(new api.ApiError({ status: 429, message: "Too many requests" }));
    renderAdmin("/admin/stream-logs");
    await userEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests");
  });
});

describe("Admin filter links", () => {
  it("opens a log view filtered by the address, and top lists link there", async () => {
    stubEndpoints();
    const list = vi.spyOn(api, "listStreamLogs").mockResolvedValue({ total: 0, limit: 50, offset: 0, logs: [] });
    renderAdmin("/admin/stream-logs?camera_id=cam-a");
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Camera" })).toHaveValue("cam-a"));
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ camera_id: "cam-a" }));
    expect(list).not.toHaveBeenCalledWith(expect.objectContaining({ camera_id: "" }));
  });

  it("links top cameras and tools to their filtered logs", async () => {
    stubEndpoints();
    renderAdmin("/admin/stats");
    const top = await screen.findByTestId("top-cameras");
    await waitFor(() => expect(within(top).getByRole("link", { name: "Front door" })).toHaveAttribute("href", "/admin/stream-logs?camera_id=cam-a"));
    expect(within(screen.getByTestId("top-tools")).getByRole("link", { name: "list_cameras" })).toHaveAttribute("href", "/admin/mcp?tool_name=list_cameras");
  });
});

describe("Admin MCP activity", () => {
  it("offers the catalog's tools and filters by the picked one", async () => {
    stubEndpoints();
    const list = vi.spyOn(api, "listMcpLogs").mockResolvedValue({
      total: 1, limit: 50, offset: 0,
      logs: [{ id: 1, org_id: "o", tool_name: "get_camera", key_name: "claude", status: "completed", duration_ms: 12, args_summary: '{"camera_id":"cam-a"}', error: null, timestamp: `${today}T08:00:00` }],
    });
    renderAdmin("/admin/mcp");
    expect(await screen.findByText('{"camera_id":"Front door"}')).toHaveAttribute("title", '{"camera_id":"cam-a"}');
    const tool = await screen.findByRole("combobox", { name: "Tool" });
    await waitFor(() => expect(within(tool).getByRole("option", { name: "set_recording" })).toBeInTheDocument());
    await userEvent.selectOptions(tool, "get_camera");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ tool_name: "get_camera" })));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Key" }), "claude");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ tool_name: "get_camera", key_name: "claude" })));
  });
});

describe("Admin audit trail", () => {
  it("filters by category and shows camera names inside details", async () => {
    stubEndpoints();
    const list = vi.spyOn(api, "listAuditLogs").mockResolvedValue({
      total: 2, limit: 500, offset: 0,
      logs: [
        { id: 2, event: "mcp_key_created", username: "ada", ip: null, timestamp: `${today}T09:00:00`, details: '{"key_id":1,"name":"claude"}' },
        { id: 1, event: "recording_toggled", username: "ada", ip: null, timestamp: `${today}T08:00:00`, details: '{"camera_id":"cam-b","recording":true}' },
      ],
    });
    renderAdmin("/admin/audit-log");
    expect(await screen.findByText("Back yard")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Category" }), "Keys");
    await waitFor(() => expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 500, offset: 0 })));
    await waitFor(() => expect(screen.queryByText("Recording toggled")).not.toBeInTheDocument());
    expect(screen.getByText("MCP key created")).toBeInTheDocument();
    expect(screen.getByText("1–1 of 1")).toBeInTheDocument();
  });
});

describe("Admin stats", () => {
  it("draws zero-filled daily charts and names the top cameras", async () => {
    stubEndpoints();
    renderAdmin("/admin/stats");
    expect(await screen.findByTestId("chart-stream-views")).toBeInTheDocument();
    await screen.findByTestId("chart-motion");
    const streamPlot = plots.find((p) => p.opts.series[1]?.label === "Stream views");
    expect(streamPlot?.data[1]).toEqual([0, 0, 0, 0, 0, 0, 4]);
    expect(streamPlot?.opts.width).toBeGreaterThan(0);
    const top = await screen.findByTestId("top-cameras");
    expect(within(top).getByText("Front door")).toBeInTheDocument();
    // A camera the org no longer has keeps its id.
    expect(within(top).getByText("gone")).toBeInTheDocument();
    expect(within(screen.getByTestId("top-tools")).getByText("list_cameras")).toBeInTheDocument();
    // The usage endpoint is missing: its chart is left out, the page stands.
    expect(screen.queryByTestId("chart-viewer-hours")).not.toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Window" }), "30");
    await waitFor(() => expect(api.getStreamLogStats).toHaveBeenLastCalledWith(30));
    expect(await screen.findByText("Motion history reaches back 7 days.")).toBeInTheDocument();
  });
});

describe("Admin tabs and accessibility", () => {
  it("marks the current tab and has no serious axe violations", async () => {
    stubEndpoints();
    vi.spyOn(api, "listStreamLogs").mockResolvedValue({ total: 0, limit: 50, offset: 0, logs: [] });
    const { container } = renderAdmin("/admin");
    const nav = screen.getByRole("navigation", { name: "Admin sections" });
    expect(within(nav).getByRole("link", { name: "Stream logs" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "Stats" })).toHaveAttribute("href", "/admin/stats");
    await screen.findByText("No stream views match");
    const results = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
  });
});

describe("getViewerUsage", () => {
  it("asks the usage endpoint with the window and rejects a 404", async () => {
    const fetchMock = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify({ detail: "Not Found" }), { status: 404, headers: { "content-type": "application/json" } }));
    await expect(adminApi.getViewerUsage(7)).rejects.toMatchObject({ status: 404 });
    const request = fetchMock.mock.calls[0][0] as Request;
    expect(new URL(request.url).pathname).toBe("/api/usage/viewer-hours");
    expect(new URL(request.url).searchParams.get("days")).toBe("7");
  });

  it("returns the usage body", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify(usage), { status: 200, headers: { "content-type": "application/json" } }));
    await expect(adminApi.getViewerUsage(7)).resolves.toEqual(usage);
  });
});
