import { describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import ManagePlan from "../../src/components/pricing/ManagePlan";
import { identity, renderWithAuth } from "./helpers";

// Clerk's billing widget needs Clerk; the test only cares that it is offered to admins.
vi.mock("../../src/components/pricing/ClerkBilling", () => ({ default: () => <p>Clerk billing widget</p> }));

describe("ManagePlan", () => {
  it("in Clerk mode offers an admin Clerk's organisation billing", async () => {
    renderWithAuth(<ManagePlan />, { mode: "clerk", signedIn: true, identity: identity(true) });
    expect(await screen.findByText("Clerk billing widget")).toBeInTheDocument();
    expect(screen.queryByText(/LOCAL_PLAN/)).not.toBeInTheDocument();
  });

  it("in Clerk mode tells a member to ask an admin", () => {
    renderWithAuth(<ManagePlan />, { mode: "clerk", signedIn: true, identity: identity(false) });
    expect(screen.getByRole("region", { name: "Manage plan" })).toHaveTextContent("Ask an organisation admin");
    expect(screen.queryByText("Clerk billing widget")).not.toBeInTheDocument();
  });

  it("in local mode explains LOCAL_PLAN instead of billing", () => {
    renderWithAuth(<ManagePlan />, { mode: "local", signedIn: true, identity: identity(true) });
    expect(screen.getByRole("region", { name: "Manage plan" })).toHaveTextContent("LOCAL_PLAN=pro sentinel serve");
  });
});
