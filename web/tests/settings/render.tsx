import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { MemoryRouter, Outlet, Route, Routes } from "react-router";
import { StaticAuthProvider } from "../../src/auth/AuthContext";
import type { Identity } from "../../src/auth/claims";
import { ToastProvider } from "../../src/hooks/useToasts";

export const admin: Identity = {
  userId: "user_1",
  orgId: "org_local",
  role: "org:admin",
  isAdmin: true,
  plan: "free_org",
  features: [],
  email: "",
  name: "local-admin",
  expiresAt: null,
};

/** Renders a signed-in page at `path` inside the toasts, auth and outlet context it expects. */
export function renderPage(ui: ReactNode, { path = "/page", isAdmin = true }: { path?: string; isAdmin?: boolean } = {}) {
  const identity = { ...admin, isAdmin };
  return render(
    <StaticAuthProvider identity={identity}>
      <ToastProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route element={<Outlet context={{ isAdmin, identity }} />}>
              <Route path={path} element={ui} />
            </Route>
          </Routes>
        </MemoryRouter>
      </ToastProvider>
    </StaticAuthProvider>,
  );
}
