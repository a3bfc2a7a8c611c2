import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { NotificationList } from "../../src/components/NotificationBell";
import type { InboxItem } from "../../src/hooks/useNotifications";
import NotFoundPage from "../../src/pages/NotFoundPage";
import LegalPage from "../../src/pages/LegalPage";
import { Route, Routes } from "react-router";

const item = (id: number, severity: string): InboxItem => ({ id, kind: "camera_offline", audience: "all", title: `Item ${id}`, body: "", severity, link: null, created_at: "2026-01-01T00:00:00", unread: false });

describe("NotificationList", () => {
  it("draws severity as SVG icons, never emoji glyphs", () => {
    const { container } = render(<MemoryRouter><NotificationList items={[item(1, "critical"), item(2, "warning"), item(3, "info"), item(4, "odd")]} /></MemoryRouter>);
    for (const severity of ["critical", "warning", "info", "odd"]) {
      expect(container.querySelector(`svg[data-severity-icon="${severity}"]`)).not.toBeNull();
    }
    expect(container.textContent).not.toMatch(/[⛔⚠•]/u);
  });
});

describe("NotFoundPage", () => {
  it("names the page in its h1", () => {
    render(<MemoryRouter><NotFoundPage /></MemoryRouter>);
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
  });
});

describe("LegalPage", () => {
  it("has a linkable cookies section in the privacy policy", () => {
    const { container } = render(
      <MemoryRouter initialEntries={["/legal/privacy#cookies"]}>
        <Routes><Route path="/legal/:page" element={<LegalPage />} /></Routes>
      </MemoryRouter>,
    );
    expect(container.querySelector("section#cookies")).toHaveTextContent("essential cookies");
  });
});
