import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import * as api from "../../src/services/api.js";

let pushEvent = null;
vi.mock("../../src/services/sse.js", () => ({
  openEventStream: (_path, { onEvent, onStatus }) => {
    pushEvent = onEvent;
    onStatus?.({ state: "open" });
    return () => {};
  },
}));

const { default: NotificationBell } = await import("../../src/components/NotificationBell.jsx");

afterEach(() => vi.restoreAllMocks());

describe("NotificationBell", () => {
  it("shows the unread badge, counts live events and opens the inbox", async () => {
    vi.spyOn(api, "getUnreadCount").mockResolvedValue({ unread: 2, capped: false });
    vi.spyOn(api, "listNotifications").mockResolvedValue({ notifications: [{ id: 1, kind: "camera_offline", title: "Porch went offline", body: "No heartbeat received in over 90 seconds.", severity: "warning", link: "/dashboard?camera=c", created_at: "2026-01-01T00:00:00", unread: true }] });
    const markViewed = vi.spyOn(api, "markNotificationsViewed").mockResolvedValue({ success: true });
    render(<MemoryRouter><NotificationBell isAdmin /></MemoryRouter>);
    expect(await screen.findByTestId("unread-badge")).toHaveTextContent("2");

    pushEvent({ type: "notification", id: 2, kind: "motion", title: "Motion on Porch", severity: "info", created_at: "2026-01-01T00:00:01" });
    await waitFor(() => expect(screen.getByTestId("unread-badge")).toHaveTextContent("3"));

    await userEvent.click(screen.getByRole("button", { name: /Notifications/ }));
    expect(await screen.findByRole("link", { name: "Porch went offline" })).toHaveAttribute("href", "/dashboard?camera=c");
    expect(markViewed).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId("unread-badge")).not.toBeInTheDocument());
  });

  it("caps the badge at 99+", async () => {
    vi.spyOn(api, "getUnreadCount").mockResolvedValue({ unread: 99, capped: true });
    render(<MemoryRouter><NotificationBell /></MemoryRouter>);
    expect(await screen.findByTestId("unread-badge")).toHaveTextContent("99+");
  });
});
