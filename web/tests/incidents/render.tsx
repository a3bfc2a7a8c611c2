import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import { AuthContext } from "../../src/auth/AuthContext";
import type { AuthValue } from "../../src/auth/AuthContext";
import type { Identity } from "../../src/auth/claims";
import { ToastProvider } from "../../src/hooks/useToasts";

/** Renders `ui` at `path` under the app's providers, signed in as `identity`. */
export function renderAt(ui: ReactNode, { path, routes, identity }: { path: string; routes: string[]; identity: Identity | null }) {
  const auth: AuthValue = { mode: "local", ready: true, signedIn: !!identity, identity, signInLocal: async () => null, signOut: () => {} };
  return render(
    <AuthContext.Provider value={auth}>
      <ToastProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route element={<Outlet context={{ isAdmin: identity?.isAdmin ?? false, identity }} />}>
              {routes.map((r) => <Route key={r} path={r} element={ui} />)}
            </Route>
          </Routes>
        </MemoryRouter>
      </ToastProvider>
    </AuthContext.Provider>,
  );
}
