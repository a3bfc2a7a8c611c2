import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import SettingsPage from "../../src/pages/SettingsPage";
import { StaticAuthProvider } from "../../src/auth/AuthContext";

afterEach(() => vi.restoreAllMocks());

const plan: Schemas["PlanOverviewBody"] = {
  plan: "free_org",
  plan_name: "Free",
  usage: { nodes: 0, cameras: 0, viewer_hours_used: 0, viewer_hours_limit: 30 },
  limits: { max_nodes: 2, max_cameras: 5, max_seats: 2, max_viewer_hours_per_month: 30, max_sse_subscribers: 2, log_retention_days: 30 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

const toggles: Schemas["InboxToggles"] = { motion_notifications: true, camera_transition_notifications: true, node_transition_notifications: true };

function renderSettings(isAdmin: boolean) {
  vi.spyOn(api, "listNodes").mockResolvedValue([]);
  vi.spyOn(api, "getPlan").mockResolvedValue(plan);
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  vi.spyOn(api, "listGroups").mockResolvedValue([]);
  vi.spyOn(api, "getSettings").mockResolvedValue({ timezone: "UTC", notifications: toggles });
  vi.spyOn(api, "getNotificationSettings").mockResolvedValue(toggles);
  vi.spyOn(api, "getEmailPreferences").mockResolvedValue({ email_globally_enabled: true, preferences: { email_motion: false } });
  vi.spyOn(api, "getMotionIngestion").mockResolvedValue({ motion_ingestion_enabled: true });
  vi.spyOn(api, "listShareLinks").mockResolvedValue({ links: [] });
  return render(
    <StaticAuthProvider identity={null}>
      <MemoryRouter initialEntries={["/settings"]}>
        <Routes>
          <Route element={<Outlet context={{ isAdmin, identity: null }} />}>
            <Route path="/settings" element={<SettingsPage />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </StaticAuthProvider>,
  );
}

describe("SettingsPage notifications", () => {
  it("keeps the other inbox toggles when one changes (the server answers only {success})", async () => {
    const update = vi.spyOn(api, "updateNotificationSettings").mockResolvedValue({ success: true });
    renderSettings(true);
    const motion = await screen.findByRole("checkbox", { name: "Motion events" });
    await userEvent.click(motion);
    expect(update).toHaveBeenCalledWith({ ...toggles, motion_notifications: false });
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Motion events" })).not.toBeChecked());
    expect(screen.getByRole("checkbox", { name: "Cameras going offline / online" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Nodes going offline / online" })).toBeChecked();
  });

  it("is read-only for members", async () => {
    renderSettings(false);
    expect(await screen.findByRole("checkbox", { name: "Motion events" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Full reset" })).not.toBeInTheDocument();
  });
});
