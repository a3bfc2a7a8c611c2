import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { AuthContext } from "../../src/auth/AuthContext";
import type { AuthValue } from "../../src/auth/AuthContext";
import type { Identity } from "../../src/auth/claims";

export function identity(isAdmin: boolean): Identity {
  return { userId: isAdmin ? "user_local_admin" : "user_local_member", orgId: "org_local", role: isAdmin ? "org:admin" : "org:member", isAdmin, plan: "pro", features: [], email: "", name: isAdmin ? "Local admin" : "Local member", expiresAt: null };
}

/** Renders `ui` under a router at `path` with an auth context built from `auth`. */
export function renderWithAuth(ui: ReactNode, auth: Partial<AuthValue> = {}, path = "/") {
  const value: AuthValue = { mode: "local", ready: true, signedIn: false, identity: null, signInLocal: async () => null, signOut: () => {}, ...auth };
  return render(
    <AuthContext.Provider value={value}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </AuthContext.Provider>,
  );
}
