import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import * as api from "../../src/services/api";
import { identity, renderWithAuth } from "./helpers";

// The shell opens the notification and motion streams; nothing to stream in jsdom.
vi.mock("../../src/services/sse", () => ({ openEventStream: () => () => {} }));
const { AppRoutes } = await import("../../src/App");

afterEach(() => vi.restoreAllMocks());

function stubShellCalls() {
  vi.spyOn(api, "getUnreadCount").mockResolvedValue({ unread: 0, capped: false, last_viewed_at: "2026-01-01T00:00:00" });
  vi.spyOn(api, "listCameras").mockResolvedValue([]);
  vi.spyOn(api, "getPlan").mockRejectedValue(new api.ApiError({ status: 503, message: "later" }));
}

describe("shared pages", () => {
  it("keeps the signed-in navigation on /pricing, with Pricing in it", async () => {
    stubShellCalls();
    renderWithAuth(<AppRoutes />, { signedIn: true, identity: identity(false) }, "/pricing");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Pricing" })).toHaveAttribute("href", "/pricing");
    expect(within(nav).queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
    expect(await screen.findByRole("heading", { level: 1, name: "Simple plans that grow with your cameras" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Menu" }).querySelector("svg")).not.toBeNull();
  });

  it("shows the public site header on /pricing when signed out", async () => {
    renderWithAuth(<AppRoutes />, { signedIn: false }, "/pricing");
    expect(await screen.findByRole("navigation", { name: "Site" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
  });
});
