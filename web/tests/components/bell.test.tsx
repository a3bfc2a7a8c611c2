import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import * as api from "../../src/services/api";
import type { FrameOf, StreamOptions, StreamPath } from "../../src/services/sse";

let pushEvent: ((frame: FrameOf<"/api/notifications/stream">) => void) | undefined;
vi.mock("../../src/services/sse", () => ({
  openEventStream: <P extends StreamPath>(_path: P, { onEvent, onStatus }: StreamOptions<P> = {}) => {
    // The bell only opens the notification stream.
    pushEvent = onEvent as typeof pushEvent;
    onStatus?.({ state: "open" });
    return () => {};
  },
}));

const viewedAt = "2026-01-01T00:00:00";

const { default: NotificationBell } = await import("../../src/components/NotificationBell");

afterEach(() => vi.restoreAllMocks());

describe("NotificationBell", () => {
  it("shows the unread badge, counts live events and opens the inbox", async () => {
    vi.spyOn(api, "getUnreadCount").mockResolvedValue({ unread: 2, capped: false, last_viewed_at: viewedAt });
    vi.spyOn(api, "listNotifications").mockResolvedValue({
      notifications: [{ id: 1, kind: "camera_offline", audience: "all", title: "Porch went offline", body: "No heartbeat received in over 90 seconds.", severity: "warning", link: "/dashboard?camera=c", created_at: "2026-01-01T00:00:00", unread: true }],
      last_viewed_at: viewedAt,
      limit: 50,
      offset: 0,
      total: 1,
    });
    const markViewed = vi.spyOn(api, "markNotificationsViewed").mockResolvedValue({ success: true, last_viewed_at: viewedAt });
    render(<MemoryRouter><NotificationBell isAdmin /></MemoryRouter>);
    expect(await screen.findByTestId("unread-badge")).toHaveTextContent("2");

    pushEvent?.({ type: "notification", id: 2, kind: "motion", audience: "all", title: "Motion on Porch", body: "", severity: "info", created_at: "2026-01-01T00:00:01" });
    await waitFor(() => expect(screen.getByTestId("unread-badge")).toHaveTextContent("3"));

    await userEvent.click(screen.getByRole("button", { name: /Notifications/ }));
    expect(await screen.findByRole("link", { name: "Porch went offline" })).toHaveAttribute("href", "/dashboard?camera=c");
    expect(markViewed).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId("unread-badge")).not.toBeInTheDocument());
  });

  it("caps the badge at 99+", async () => {
    vi.spyOn(api, "getUnreadCount").mockResolvedValue({ unread: 99, capped: true, last_viewed_at: viewedAt });
    render(<MemoryRouter><NotificationBell /></MemoryRouter>);
    expect(await screen.findByTestId("unread-badge")).toHaveTextContent("99+");
  });
});
