import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import * as api from "../../src/services/api";
import type { Schemas } from "../../src/services/api";
import PricingPage from "../../src/pages/PricingPage";
import { PLANS, planBySlug } from "../../src/components/pricing/plans";
import { identity, renderWithAuth } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const proPlan: Schemas["PlanOverviewBody"] = {
  plan: "pro",
  plan_name: "Pro",
  usage: { nodes: 1, cameras: 3, viewer_hours_used: 12.5, viewer_hours_limit: 300 },
  limits: { max_nodes: 10, max_cameras: 25, max_seats: 10, max_viewer_hours_per_month: 300, max_sse_subscribers: 30, log_retention_days: 90 },
  features: [],
  payment_past_due: false,
  plan_cancel_pending: false,
  grace_window_days: 7,
};

const card = (name: string) => screen.getByRole("article", { name });

describe("plan table", () => {
  it("matches the server's limits (plans-and-auth.md §1.1)", () => {
    expect(PLANS.map((p) => [p.slug, p.cameras, p.nodes, p.seats, p.viewerHours, p.retentionDays])).toEqual([
      ["free_org", 5, 2, 2, 30, 30],
      ["pro", 25, 10, 10, 300, 90],
      ["pro_plus", 200, 999, 20, 1500, 365],
    ]);
    expect(planBySlug("free")?.name).toBe("Free");
    expect(planBySlug("pro_plus")?.sentinelRuns).toBe(500);
  });
});

describe("PricingPage signed out", () => {
  it("sends every plan to sign-up and explains the plans", () => {
    const getPlan = vi.spyOn(api, "getPlan");
    renderWithAuth(<PricingPage />, { signedIn: false }, "/pricing");
    expect(within(card("Pro")).getByRole("link", { name: "Choose Pro" })).toHaveAttribute("href", "/sign-up");
    expect(within(card("Free")).getByRole("link", { name: "Start free" })).toHaveAttribute("href", "/sign-up");
    expect(within(card("Pro Plus")).getByText("200 cameras on 999 nodes")).toBeInTheDocument();
    expect(within(card("Free")).getByText("Sentinel AI: not included")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Frequently asked questions" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Plan comparison table" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Manage plan" })).not.toBeInTheDocument();
    expect(getPlan).not.toHaveBeenCalled();
  });
});

describe("PricingPage signed in", () => {
  it("shows the current plan and a manage-plan path instead of sign-up", async () => {
    vi.spyOn(api, "getPlan").mockResolvedValue(proPlan);
    renderWithAuth(<PricingPage />, { signedIn: true, identity: identity(true), mode: "local" }, "/pricing");
    expect(await screen.findByTestId("current-plan-name")).toHaveTextContent("Pro");
    expect(within(card("Pro")).getByTestId("current-plan-pill")).toHaveTextContent("Your current plan");
    expect(within(card("Pro Plus")).getByRole("link", { name: "Manage plan: Pro Plus" })).toHaveAttribute("href", "#manage-plan");
    expect(screen.queryByRole("link", { name: /^Choose / })).not.toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Cameras" })).toHaveAttribute("aria-valuenow", "12");
    const manage = screen.getByRole("region", { name: "Manage plan" });
    expect(manage).toHaveTextContent("LOCAL_PLAN");
  });

  it("says so when the plan cannot be loaded", async () => {
    vi.spyOn(api, "getPlan").mockRejectedValue(new api.ApiError({ status: 500, message: "Database unavailable." }));
    renderWithAuth(<PricingPage />, { signedIn: true, identity: identity(false) }, "/pricing");
    expect(await screen.findByRole("alert")).toHaveTextContent("Database unavailable.");
  });
});
