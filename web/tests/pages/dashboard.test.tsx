import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";

vi.mock("../../src/components/HlsPlayer", () => ({ default: ({ title }: { title?: string }) => <div data-testid="player">{title}</div> }));
const { default: DashboardPage } = await import("../../src/pages/DashboardPage");

afterEach(() => vi.restoreAllMocks());

const plan: Schemas["PlanOverviewBody"] = {
  plan: "pro",
  plan_name: "Pro",
  usage: { nodes: 1, cameras: 1, viewer_hours_used: 12.5, viewer_hours_limit: 300 },
  limits: { max_nodes: 10, max_cameras: 25, max_seats: 10, max_viewer_hours_per_month: 300, max_sse_subscribers: 10, log_retention_days: 90 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

const off = { continuous_24_7: false, scheduled_recording: false };

function renderAs(isAdmin: boolean, path = "/dashboard") {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route element={<Outlet context={{ isAdmin }} />}>
          <Route path="/dashboard" element={<DashboardPage />} />
        </Route>
      </Routes>
    </MemoryRouter>,
  );
}

describe("DashboardPage", () => {
  it("greets an admin with the setup checklist when there are no cameras", async () => {
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listGroups").mockResolvedValue([]);
    vi.spyOn(api, "getPlan").mockResolvedValue({ ...plan, usage: { ...plan.usage, nodes: 0 } });
    renderAs(true);
    expect(await screen.findByRole("heading", { name: "Set up your first camera" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /Add (a )?node/ }).length).toBe(2);
  });

  it("greets a member without setup actions", async () => {
    vi.spyOn(api, "listCameras").mockResolvedValue([]);
    vi.spyOn(api, "listGroups").mockResolvedValue([]);
    vi.spyOn(api, "getPlan").mockResolvedValue(plan);
    renderAs(false);
    expect(await screen.findByRole("heading", { name: "Welcome to Sentinel" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Add (a )?node/ })).not.toBeInTheDocument();
  });

  it("shows status cards, the viewer-hour gauge and the camera grid, and opens ?camera=", async () => {
    vi.spyOn(api, "listCameras").mockResolvedValue([
      { camera_id: "n_a", name: "Alpha", status: "streaming", capabilities: [], disabled_by_plan: false, recording_policy: { ...off, continuous_24_7: true }, group_id: 1, group: "Yard" },
      { camera_id: "n_b", name: "Bravo", status: "offline", capabilities: [], disabled_by_plan: false, recording_policy: off, group_id: null },
    ]);
    vi.spyOn(api, "listGroups").mockResolvedValue([{ id: 1, name: "Yard", icon: "📁", color: "#22c55e", camera_count: 1 }]);
    vi.spyOn(api, "getPlan").mockResolvedValue(plan);
    renderAs(true, "/dashboard?camera=n_a");
    expect(await screen.findByRole("article", { name: "Alpha" })).toBeInTheDocument();
    expect(screen.getByTestId("online-count")).toHaveTextContent("1");
    expect(screen.getByRole("progressbar", { name: /Viewer hours this month/ })).toHaveAttribute("aria-valuenow", "4");
    const dialog = screen.getByRole("dialog", { name: "Alpha" });
    expect(within(dialog).getByRole("button", { name: "Stop recording" })).toBeInTheDocument();
    // The open camera's thumbnail is parked so one viewer is not metered twice.
    expect(screen.getAllByTestId("player")).toHaveLength(1);
    expect(screen.getByLabelText("Group")).toBeInTheDocument();
  });
});
