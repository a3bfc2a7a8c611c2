import { afterEach, describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import PlanBanners, { DISMISSED_KEY } from "../../src/components/dashboard/PlanBanners";
import type { PlanBanner } from "../../src/components/dashboard/planBanners";

afterEach(() => sessionStorage.clear());

const banners: PlanBanner[] = [
  { id: "camera-cap", tone: "bad", title: "Camera limit reached", text: "5 of 5.", action: { label: "Upgrade plan", to: "/pricing" } },
  { id: "cancel-pending", tone: "info", title: "Cancellation pending", text: "Ends soon." },
];

describe("PlanBanners", () => {
  it("lets a notice be dismissed for the session, never the camera cap", async () => {
    const { unmount } = render(<MemoryRouter><PlanBanners banners={banners} /></MemoryRouter>);
    expect(screen.getByRole("alert")).toHaveTextContent("Camera limit reached. 5 of 5.");
    expect(screen.queryByRole("button", { name: "Dismiss: Camera limit reached" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Dismiss: Cancellation pending" }));
    expect(screen.queryByTestId("plan-banner-cancel-pending")).not.toBeInTheDocument();
    expect(JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? "[]")).toEqual(["cancel-pending"]);
    unmount();
    render(<MemoryRouter><PlanBanners banners={banners} /></MemoryRouter>);
    expect(screen.queryByTestId("plan-banner-cancel-pending")).not.toBeInTheDocument();
    expect(screen.getByTestId("plan-banner-camera-cap")).toBeInTheDocument();
  });
});
