import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import CookieNotice, { COOKIE_NOTICE_KEY } from "../../src/components/CookieNotice";
import { renderWithAuth } from "./helpers";

describe("CookieNotice", () => {
  it("is shown in Clerk mode with a link to the cookie section of the privacy policy", () => {
    renderWithAuth(<CookieNotice />, { mode: "clerk" });
    const notice = screen.getByRole("region", { name: "Cookie notice" });
    expect(notice).toHaveTextContent("essential cookies");
    expect(screen.getByRole("link", { name: "How we use cookies" })).toHaveAttribute("href", "/legal/privacy#cookies");
  });

  it("goes away when dismissed and stays away on the next visit", async () => {
    const first = renderWithAuth(<CookieNotice />, { mode: "clerk" });
    await userEvent.click(screen.getByRole("button", { name: "Got it" }));
    expect(screen.queryByRole("region", { name: "Cookie notice" })).not.toBeInTheDocument();
    expect(localStorage.getItem(COOKIE_NOTICE_KEY)).toBe("dismissed");
    first.unmount();
    renderWithAuth(<CookieNotice />, { mode: "clerk" });
    expect(screen.queryByRole("region", { name: "Cookie notice" })).not.toBeInTheDocument();
  });

  it("is never shown in local mode", () => {
    renderWithAuth(<CookieNotice />, { mode: "local" });
    expect(screen.queryByRole("region", { name: "Cookie notice" })).not.toBeInTheDocument();
  });
});
