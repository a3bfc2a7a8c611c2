import { afterEach, describe, expect, it, vi } from "vitest";
import { act, render, renderHook, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Outlet, Route, Routes, useLocation } from "react-router";
import type { ReactNode } from "react";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import { ToastProvider } from "../../src/hooks/useToasts";
import { dispatchNotification } from "../../src/hooks/useNotifications";
import { usePresenceToasts } from "../../src/components/dashboard/usePresenceToasts";

vi.mock("../../src/components/HlsPlayer", () => ({ default: ({ title }: { title?: string }) => <div data-testid="player">{title}</div> }));
const { default: DashboardPage } = await import("../../src/pages/DashboardPage");

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

type Camera = Schemas["CameraItem"];
const off = { continuous_24_7: false, scheduled_recording: false };
const cam = (over: Partial<Camera>): Camera => ({ camera_id: "c", name: "Cam", status: "streaming", capabilities: [], disabled_by_plan: false, recording_policy: off, node_id: "n1", node_name: "Office", ...over });

const plan: Schemas["PlanOverviewBody"] = {
  plan: "free_org",
  plan_name: "Free",
  usage: { nodes: 1, cameras: 3, viewer_hours_used: 1, viewer_hours_limit: 30 },
  limits: { max_nodes: 1, max_cameras: 5, max_seats: 3, max_viewer_hours_per_month: 30, max_sse_subscribers: 2, log_retention_days: 7 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

const groups: Schemas["GroupItem"][] = [
  { id: 1, name: "Yard", color: "#f59e0b", icon: "📁", camera_count: 1 },
  { id: 2, name: "Garage", color: "#1e3a8a", icon: "📁", camera_count: 1 },
];

const cameras = [
  cam({ camera_id: "c10", name: "Camera 10", group_id: 1, group: "Yard" }),
  cam({ camera_id: "c2", name: "Camera 2", group_id: 2, group: "Garage", recording_policy: { continuous_24_7: true, scheduled_recording: false } }),
  cam({ camera_id: "c1", name: "Camera 1", status: "offline", recording_policy: { continuous_24_7: false, scheduled_recording: true, scheduled_start: "22:00", scheduled_end: "06:00" } }),
];

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function mockApi({ list = cameras, planBody = plan, timezone = "UTC" }: { list?: Camera[]; planBody?: Schemas["PlanOverviewBody"]; timezone?: string } = {}) {
  vi.spyOn(api, "listCameras").mockResolvedValue(list);
  vi.spyOn(api, "listGroups").mockResolvedValue(groups);
  vi.spyOn(api, "getPlan").mockResolvedValue(planBody);
  vi.spyOn(api, "getSettings").mockResolvedValue({ timezone, notifications: { motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true } });
}

function renderAs(isAdmin: boolean, path = "/dashboard") {
  return render(
    <ToastProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route element={<Outlet context={{ isAdmin, identity: null }} />}>
            <Route path="/dashboard" element={<><DashboardPage /><Where /></>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </ToastProvider>,
  );
}

const cardNames = () => screen.getAllByRole("article").map((a) => a.getAttribute("aria-label"));

describe("Dashboard page", () => {
  it("orders cameras naturally and filters by group pills kept in ?group=", async () => {
    mockApi();
    renderAs(false);
    await screen.findByRole("article", { name: "Camera 10" });
    expect(cardNames()).toEqual(["Camera 1", "Camera 2", "Camera 10"]);
    expect(screen.getByRole("heading", { level: 2, name: "Cameras" })).toBeInTheDocument();
    const filter = screen.getByRole("group", { name: "Filter cameras by group" });
    expect(within(filter).getByRole("button", { name: /^All 3 cameras/ })).toHaveAttribute("aria-pressed", "true");

    await userEvent.click(within(filter).getByRole("button", { name: /^Yard 1 camera/ }));
    expect(cardNames()).toEqual(["Camera 10"]);
    expect(screen.getByTestId("location")).toHaveTextContent("?group=1");

    await userEvent.click(within(filter).getByRole("button", { name: /^Ungrouped/ }));
    expect(cardNames()).toEqual(["Camera 1"]);
    expect(screen.getByTestId("location")).toHaveTextContent("?group=none");
  });

  it("restores the filter from the URL, keeps it when a camera opens, and paints each card's group colour", async () => {
    mockApi();
    renderAs(false, "/dashboard?group=2");
    const card = await screen.findByRole("article", { name: "Camera 2" });
    expect(cardNames()).toEqual(["Camera 2"]);
    expect(card.style.getPropertyValue("--group-color")).toBe("#1e3a8a");
    await userEvent.click(within(card).getByRole("button", { name: "View" }));
    expect(screen.getByTestId("location")).toHaveTextContent("?group=2&camera=c2");
    expect(screen.getByRole("dialog", { name: "Camera 2" })).toBeInTheDocument();
  });

  it("shows every camera for a ?group= that no longer exists", async () => {
    mockApi();
    renderAs(false, "/dashboard?group=99");
    await screen.findByRole("article", { name: "Camera 10" });
    await waitFor(() => expect(cardNames()).toHaveLength(3));
    expect(screen.getByRole("button", { name: /^All 3 cameras/ })).toHaveAttribute("aria-pressed", "true");
  });

  it("counts scheduled cameras inside their window as recording, in the org time zone", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-15T23:00:00Z"));
    mockApi();
    renderAs(false);
    await screen.findByRole("article", { name: "Camera 1" });
    await waitFor(() => expect(screen.getByTestId("recording-count")).toHaveTextContent("2"));
    // Camera 1 is scheduled and inside its window, but offline: counted, and said so.
    expect(screen.getByText(/1 on schedule · 1 offline/)).toBeInTheDocument();
    expect(within(screen.getByRole("article", { name: "Camera 1" })).getByTestId("rec-pill")).toHaveTextContent("REC (set to record, camera offline) paused");
    expect(within(screen.getByRole("article", { name: "Camera 2" })).getByTestId("rec-pill")).toHaveAttribute("title", "Recording continuously");
  });

  it("leaves scheduled cameras out of the count outside their window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-15T12:00:00Z"));
    mockApi();
    renderAs(false);
    await screen.findByRole("article", { name: "Camera 1" });
    await waitFor(() => expect(screen.getByTestId("recording-count")).toHaveTextContent("1"));
    expect(within(screen.getByRole("article", { name: "Camera 1" })).getByText("Scheduled 22:00–06:00")).toBeInTheDocument();
  });

  it("shows the camera-cap banner with an upgrade link, and names an all-offline node", async () => {
    mockApi({
      planBody: { ...plan, usage: { ...plan.usage, cameras: 5 } },
      list: [cam({ camera_id: "a", name: "Porch", status: "offline", node_id: "n9", node_name: "Barn" })],
    });
    renderAs(true);
    const banner = await screen.findByTestId("plan-banner-camera-cap");
    expect(banner).toHaveTextContent("5 of 5 cameras on the Free plan");
    expect(within(banner).getByRole("link", { name: "Upgrade plan" })).toHaveAttribute("href", "/pricing");
    expect(await screen.findByTestId("offline-nodes-banner")).toHaveTextContent("Node Barn is not reporting. Its camera Porch is offline.");
  });

  it("confirms recording toggles with a toast", async () => {
    mockApi();
    const toggle = vi.spyOn(api, "setRecording").mockResolvedValue({ success: true, camera_id: "c10", recording: true });
    renderAs(true);
    const card = await screen.findByRole("article", { name: "Camera 10" });
    await userEvent.click(within(card).getByRole("button", { name: "Record" }));
    expect(toggle).toHaveBeenCalledWith("c10", true);
    expect(await screen.findByText("Camera 10 now records continuously.")).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Stop recording" })).toBeInTheDocument();
  });

  it("reminds that a schedule keeps running when continuous recording stops", async () => {
    mockApi({ list: [cam({ camera_id: "c1", name: "Camera 1", recording_policy: { continuous_24_7: true, scheduled_recording: true, scheduled_start: "22:00", scheduled_end: "06:00" } })] });
    vi.spyOn(api, "setRecording").mockResolvedValue({ success: true, camera_id: "c1", recording: false });
    renderAs(true);
    const card = await screen.findByRole("article", { name: "Camera 1" });
    await userEvent.click(within(card).getByRole("button", { name: "Stop recording" }));
    expect(await screen.findByText("Camera 1 stopped continuous recording. Its schedule (22:00–06:00) still applies.")).toBeInTheDocument();
  });

  it("reports a failed snapshot from the node as an error toast", async () => {
    mockApi();
    vi.spyOn(api, "requestSnapshot").mockResolvedValue({ status: "error", error: "camera busy" });
    renderAs(false);
    const card = await screen.findByRole("article", { name: "Camera 2" });
    await userEvent.click(within(card).getByRole("button", { name: "Snapshot" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("camera busy");
  });

  it("lets an admin move a camera to a group from the viewer, with a toast", async () => {
    mockApi();
    const assign = vi.spyOn(api, "assignGroup").mockResolvedValue({ success: true, camera_id: "c10", group_id: 2 });
    renderAs(true, "/dashboard?camera=c10");
    const dialog = await screen.findByRole("dialog", { name: "Camera 10" });
    await userEvent.selectOptions(within(dialog).getByLabelText("Group"), "2");
    expect(assign).toHaveBeenCalledWith("c10", 2);
    expect(await screen.findByText("Camera 10 moved to Garage.")).toBeInTheDocument();
  });
});

describe("usePresenceToasts", () => {
  const wrapper = ({ children }: { children: ReactNode }) => <ToastProvider>{children}</ToastProvider>;

  it("toasts a change between polls once, naming camera and node, and takes the stream's event over the bell", async () => {
    const reload = vi.fn();
    const { rerender } = renderHook(({ list }) => usePresenceToasts(list, reload, { batchMs: 5 }), { wrapper, initialProps: { list: [cam({ camera_id: "a", name: "Door" })] } });
    expect(screen.queryByRole("status")).not.toBeInTheDocument();

    rerender({ list: [cam({ camera_id: "a", name: "Door", status: "offline" })] });
    expect(await screen.findByText("Door on Office went offline.")).toBeInTheDocument();

    // The stream says the same thing: already told, so no second toast, but it is claimed.
    let claimed = false;
    act(() => {
      claimed = dispatchNotification({ type: "notification", kind: "camera_offline", camera_id: "a", node_id: "n1", title: "Door went offline", body: "", severity: "warning", audience: "all", created_at: "2026-01-01T00:00:00" });
    });
    expect(claimed).toBe(true);
    await act(() => new Promise((resolve) => setTimeout(resolve, 30)));
    expect(screen.getAllByText("Door on Office went offline.")).toHaveLength(1);

    act(() => {
      dispatchNotification({ type: "notification", kind: "camera_online", camera_id: "a", node_id: "n1", title: "Door is online", body: "", severity: "info", audience: "all", created_at: "2026-01-01T00:00:00" });
    });
    expect(await screen.findByText("Door on Office is back online.")).toBeInTheDocument();
    expect(reload).toHaveBeenCalledTimes(2);

    act(() => {
      dispatchNotification({ type: "notification", kind: "node_offline", node_id: "n1", title: "Node 'Office' went offline", body: "", severity: "warning", audience: "admin", created_at: "2026-01-01T00:00:00" });
    });
    expect(await screen.findByText("Node Office went offline.")).toBeInTheDocument();
    // Other kinds stay with the bell.
    expect(dispatchNotification({ type: "notification", kind: "motion", title: "Motion", body: "", severity: "info", audience: "all", created_at: "2026-01-01T00:00:00" })).toBe(false);
  });
});
