import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import SettingsPage from "../../src/pages/SettingsPage";
import { renderPage } from "./render";

afterEach(() => vi.restoreAllMocks());
// The whole page renders and user-event types for real; a busy CI machine needs headroom.
vi.setConfig({ testTimeout: 20000 });

const plan: Schemas["PlanOverviewBody"] = {
  plan: "pro",
  plan_name: "Pro",
  usage: { nodes: 1, cameras: 2, viewer_hours_used: 0, viewer_hours_limit: 300 },
  limits: { max_nodes: 5, max_cameras: 20, max_seats: 5, max_viewer_hours_per_month: 300, max_sse_subscribers: 30, log_retention_days: 90 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

const toggles: Schemas["InboxToggles"] = { motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true };

const behind: Schemas["NodeListItem"] = {
  node_id: "ab12cd34",
  name: "Garage",
  status: "online",
  camera_count: 2,
  last_seen: new Date().toISOString(),
  node_version: "1.2.0",
  latest_node_version: "1.3.0",
  min_supported_node_version: "1.0.0",
  version_supported: true,
  update_available: "1.3.0",
  last_register_error: "Camera limit reached on the Free plan",
  last_register_error_at: new Date().toISOString(),
};

function mockSettings({ nodes = [behind], groups = [] as Schemas["GroupItem"][] } = {}) {
  vi.spyOn(api, "listNodes").mockResolvedValue(nodes);
  vi.spyOn(api, "getPlan").mockResolvedValue(plan);
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  vi.spyOn(api, "listGroups").mockResolvedValue(groups);
  vi.spyOn(api, "getSettings").mockResolvedValue({ timezone: "UTC", notifications: toggles });
  vi.spyOn(api, "getNotificationSettings").mockResolvedValue(toggles);
  vi.spyOn(api, "getEmailPreferences").mockResolvedValue({ email_globally_enabled: true, preferences: { email_motion: false } });
  vi.spyOn(api, "getMotionIngestion").mockResolvedValue({ motion_ingestion_enabled: true });
  vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
}

describe("SettingsPage", () => {
  it("shows the organisation card with the plan from /api/nodes/plan", async () => {
    mockSettings();
    renderPage(<SettingsPage />, { path: "/settings" });
    const org = screen.getByRole("region", { name: "Organisation" });
    expect(within(org).getByText("org_local")).toBeInTheDocument();
    expect(within(org).getByText("Local organisation")).toBeInTheDocument();
    await waitFor(() => expect(within(org).getByText(/^Pro/)).toBeInTheDocument());
  });

  it("lists nodes as cards with the update and registration hints and both actions", async () => {
    mockSettings();
    renderPage(<SettingsPage />, { path: "/settings" });
    const card = await screen.findByTestId("node-ab12cd34");
    expect(within(card).getByText(/Camera limit reached on the Free plan/)).toBeInTheDocument();
    expect(within(card).getByText(/v1\.3\.0 is out/)).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Rotate key" })).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Delete" })).toBeInTheDocument();
  });

  it("deletes a node after confirmation and says so", async () => {
    mockSettings();
    const del = vi.spyOn(api, "deleteNode").mockResolvedValue({ success: true, deleted: "ab12cd34", node_wiped: true });
    renderPage(<SettingsPage />, { path: "/settings" });
    await userEvent.click(within(await screen.findByTestId("node-ab12cd34")).getByRole("button", { name: "Delete" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete node" }));
    expect(del).toHaveBeenCalledWith("ab12cd34");
    expect(await screen.findByText(/Deleted node Garage \(the node wiped its local data\)/)).toBeInTheDocument();
  });

  it("creates a group with the picked icon name and colour, then confirms", async () => {
    mockSettings();
    const create = vi.spyOn(api, "createGroup").mockResolvedValue({ success: true, id: 7, name: "Yard" });
    renderPage(<SettingsPage />, { path: "/settings" });
    await userEvent.type(screen.getByLabelText("Group name"), "Yard");
    await userEvent.click(screen.getByRole("radio", { name: "Warehouse" }));
    await userEvent.click(screen.getByRole("radio", { name: "Red" }));
    await userEvent.click(screen.getByRole("button", { name: "Create group" }));
    expect(create).toHaveBeenCalledWith({ name: "Yard", icon: "warehouse", color: "#ef4444" });
    expect(await screen.findByText('Group "Yard" created.')).toBeInTheDocument();
  });

  it("renders emoji group icons as SVG and asks before deleting a group", async () => {
    mockSettings({ groups: [{ id: 3, name: "Shop", icon: "\u{1F4C1}", color: "#22c55e", camera_count: 1 }] });
    const del = vi.spyOn(api, "deleteGroup").mockResolvedValue({ success: true, deleted: "Shop" });
    renderPage(<SettingsPage />, { path: "/settings" });
    const list = await screen.findByRole("list", { name: "Camera groups" });
    expect(list.textContent).not.toContain("\u{1F4C1}");
    expect(list.querySelector("svg.group-icon")).not.toBeNull();
    await userEvent.click(within(list).getByRole("button", { name: "Delete group Shop" }));
    expect(del).not.toHaveBeenCalled();
    await userEvent.click(within(list).getByRole("button", { name: "Yes, delete" }));
    expect(del).toHaveBeenCalledWith(3);
    expect(await screen.findByText(/Group "Shop" deleted/)).toBeInTheDocument();
  });

  it("confirms notification, e-mail and motion toggles with a toast", async () => {
    mockSettings();
    vi.spyOn(api, "updateNotificationSettings").mockResolvedValue({ success: true });
    vi.spyOn(api, "updateEmailPreferences").mockResolvedValue({ changes: ["email_motion"], email_globally_enabled: true, preferences: { email_motion: true } });
    vi.spyOn(api, "setMotionIngestion").mockResolvedValue({ motion_ingestion_enabled: false });
    renderPage(<SettingsPage />, { path: "/settings" });
    await userEvent.click(await screen.findByRole("checkbox", { name: "Motion events" }));
    expect(await screen.findByText("Inbox notifications for motion events turned off.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Motion (with cooldown and digest)" }));
    expect(await screen.findByText("E-mail for motion (with cooldown and digest) turned on.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Accept motion events from nodes" }));
    expect(await screen.findByText(/Motion ingestion paused/)).toBeInTheDocument();
  });

  it("shows an error toast when saving fails", async () => {
    mockSettings();
    vi.spyOn(api, "setTimezone").mockRejectedValue(new api.ApiError({ status: 422, message: "Unknown timezone 'Mars/Base'." }));
    renderPage(<SettingsPage />, { path: "/settings" });
    const tz = await screen.findByLabelText("Organisation timezone");
    await userEvent.clear(tz);
    await userEvent.type(tz, "Mars/Base");
    await userEvent.click(screen.getByRole("button", { name: "Save timezone" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Unknown timezone 'Mars/Base'.");
  });

  it("gives every section a help disclosure", async () => {
    mockSettings();
    renderPage(<SettingsPage />, { path: "/settings" });
    const help = screen.getByRole("button", { name: "Help: CloudNodes" });
    expect(help).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(help);
    expect(help).toHaveAttribute("aria-expanded", "true");
    expect(document.getElementById(help.getAttribute("aria-controls") ?? "")).toBeVisible();
    await userEvent.keyboard("{Escape}");
    expect(help).toHaveAttribute("aria-expanded", "false");
    for (const title of ["Organisation", "Install a CloudNode", "Plan and usage", "Camera groups", "Timezone", "Notification settings", "Danger zone"]) {
      expect(screen.getByRole("button", { name: `Help: ${title}` })).toBeInTheDocument();
    }
  });

  it("opens the install card on the detected platform and lets the visitor pick another", async () => {
    mockSettings();
    renderPage(<SettingsPage />, { path: "/settings" });
    const install = screen.getByRole("region", { name: "Install a CloudNode" });
    // jsdom's user agent names Linux.
    expect(within(install).getByRole("tab", { name: /Linux/ })).toHaveAttribute("aria-selected", "true");
    expect(within(install).getByTestId("settings-install-command")).toHaveTextContent("install.sh | sudo bash -s -- <node_id> <api_key>");
    await userEvent.click(within(install).getByRole("tab", { name: /Windows/ }));
    expect(within(install).getByRole("link", { name: /Download the CloudNode MSI/ })).toHaveAttribute("href", expect.stringContaining("/downloads/windows/x86_64"));
  });

  it("hides admin sections from members", async () => {
    mockSettings();
    renderPage(<SettingsPage />, { path: "/settings", isAdmin: false });
    expect(await screen.findByRole("checkbox", { name: "Motion events" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Rotate key" })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Install a CloudNode" })).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Organisation" })).toBeInTheDocument();
  });
});
