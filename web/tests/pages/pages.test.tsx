import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { AuthContext } from "../../src/auth/AuthContext";
import type { AuthValue } from "../../src/auth/AuthContext";
import type { ReactNode } from "react";
import SignInPage from "../../src/pages/SignInPage";
import DocsPage from "../../src/pages/DocsPage";
import LegalPage from "../../src/pages/LegalPage";
import { SECTIONS } from "../../src/pages/docs/sections";

// A signed-out local-mode context, with the fields a test cares about overridden.
function withAuth(value: Partial<AuthValue>, ui: ReactNode, path = "/sign-in") {
  const auth: AuthValue = { mode: "local", ready: true, signedIn: false, identity: null, signInLocal: async () => null, signOut: () => {}, ...value };
  return render(
    <AuthContext.Provider value={auth}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/sign-in" element={ui} />
          <Route path="/legal/:page" element={ui} />
          <Route path="/docs" element={ui} />
          <Route path="/dashboard" element={<p>dashboard page</p>} />
        </Routes>
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

describe("SignInPage (local mode)", () => {
  it("offers both local identities and signs in", async () => {
    const signInLocal = vi.fn().mockResolvedValue({});
    withAuth({ mode: "local", ready: true, signedIn: false, signInLocal }, <SignInPage />);
    expect(screen.getByRole("button", { name: "Local member" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Local admin" }));
    expect(signInLocal).toHaveBeenCalledWith("admin");
    expect(await screen.findByText("dashboard page")).toBeInTheDocument();
  });

  it("explains a refused local session", async () => {
    const signInLocal = vi.fn().mockRejectedValue(Object.assign(new Error("Not Found"), { status: 404 }));
    withAuth({ mode: "local", ready: true, signedIn: false, signInLocal }, <SignInPage />);
    await userEvent.click(screen.getByRole("button", { name: "Local member" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("only available on a local-mode server");
  });
});

describe("DocsPage", () => {
  it("renders every section with its id and the inline diagrams", () => {
    const { container } = withAuth({ mode: "local", ready: true, signedIn: false }, <DocsPage />, "/docs");
    for (const section of SECTIONS) {
      expect(container.querySelector(`section#${section.id}`)).not.toBeNull();
      expect(screen.getByRole("link", { name: section.title })).toHaveAttribute("href", `#${section.id}`);
    }
    expect(container.querySelectorAll("svg.diagram").length).toBeGreaterThanOrEqual(6);
  });
});

describe("LegalPage", () => {
  it("renders known documents and a not-found state", () => {
    withAuth({ mode: "local" }, <LegalPage />, "/legal/privacy");
    expect(screen.getByRole("heading", { level: 1, name: "Privacy Policy" })).toBeInTheDocument();
  });
  it("handles unknown pages", () => {
    withAuth({ mode: "local" }, <LegalPage />, "/legal/nope");
    expect(screen.getByText("Document not found")).toBeInTheDocument();
  });
});
