import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { AuthContext } from "../../src/auth/AuthContext";
import type { AuthValue } from "../../src/auth/AuthContext";
import { MemberNamesProvider } from "../../src/components/incidents/memberNames";
import IncidentTable from "../../src/components/incidents/IncidentTable";
import { incident, me } from "./fixtures";

// Clerk's organisation hook, as it answers for an org with one other member.
vi.mock("@clerk/clerk-react", () => ({
  useOrganization: () => ({
    memberships: { data: [{ publicUserData: { userId: "user_grace", firstName: "Grace", lastName: "Hopper", identifier: "grace@example.test" } }] },
  }),
}));

function renderTable(mode: AuthValue["mode"]) {
  const auth: AuthValue = { mode, ready: true, signedIn: true, identity: me, signInLocal: async () => null, signOut: () => {} };
  return render(
    <AuthContext.Provider value={auth}>
      <MemoryRouter>
        <MemberNamesProvider>
          <IncidentTable incidents={[incident({ created_by: "user:user_grace" })]} cameraName={(id) => id} me={me} />
        </MemberNamesProvider>
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

describe("MemberNamesProvider", () => {
  it("names other members from the Clerk organisation in Clerk mode", async () => {
    renderTable("clerk");
    expect(await screen.findByText("Grace Hopper")).toBeInTheDocument();
  });

  it("falls back to a short handle in local mode", () => {
    renderTable("local");
    expect(screen.getByText("Member …race")).toBeInTheDocument();
  });
});
