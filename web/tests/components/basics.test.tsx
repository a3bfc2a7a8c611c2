import { describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import EmptyState from "../../src/components/EmptyState";
import { UpgradeModal, UpgradeModalHost } from "../../src/components/UpgradeModal";
import { ApiError, apiEvents } from "../../src/services/api";
import { ToastProvider, useToasts } from "../../src/hooks/useToasts";
import ErrorBoundary from "../../src/components/ErrorBoundary";
import { describePlayerError } from "../../src/components/HlsPlayer";

describe("EmptyState", () => {
  it("renders title, body and action", () => {
    render(<EmptyState title="No cameras" action={<button type="button">Add</button>}>Add a node first.</EmptyState>);
    expect(screen.getByRole("heading", { name: "No cameras" })).toBeInTheDocument();
    expect(screen.getByText("Add a node first.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add" })).toBeInTheDocument();
  });
});

describe("UpgradeModal", () => {
  it("shows the server's sentence and closes on Escape", async () => {
    const onClose = vi.fn();
    render(<MemoryRouter><UpgradeModal message="Danger zone requires a Pro or Pro Plus plan." onClose={onClose} /></MemoryRouter>);
    expect(screen.getByRole("dialog", { name: "Upgrade required" })).toBeInTheDocument();
    expect(screen.getByText("Danger zone requires a Pro or Pro Plus plan.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "See plans" })).toHaveAttribute("href", "/pricing");
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });

  it("opens from any 402 announced by the API client", async () => {
    render(<MemoryRouter><UpgradeModalHost /></MemoryRouter>);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    act(() => {
      apiEvents.dispatchEvent(new CustomEvent("payment-required", { detail: new ApiError({ status: 402, message: "Your payment is past due." }) }));
    });
    expect(screen.getByRole("dialog")).toHaveTextContent("Your payment is past due.");
    await userEvent.click(screen.getByRole("button", { name: "Not now" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});

function Thrower({ value }: { value: unknown }) {
  const toast = useToasts();
  return <button type="button" onClick={() => toast.error(value)}>fail</button>;
}

describe("toasts", () => {
  it("never render [object Object]", async () => {
    render(<ToastProvider><Thrower value={{ detail: { nested: true } }} /></ToastProvider>);
    await userEvent.click(screen.getByRole("button", { name: "fail" }));
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Something went wrong.");
    expect(alert.textContent).not.toMatch(/object Object/);
  });

  it("show an ApiError's message", async () => {
    render(<ToastProvider><Thrower value={new ApiError({ status: 429, message: "Too many requests." })} /></ToastProvider>);
    await userEvent.click(screen.getByRole("button", { name: "fail" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Too many requests.");
  });
});

describe("ErrorBoundary", () => {
  it("contains a crashing page and offers a retry", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    function Boom(): never {
      throw new Error("kaput");
    }
    render(<ErrorBoundary><Boom /></ErrorBoundary>);
    expect(screen.getByRole("alert")).toHaveTextContent("kaput");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    spy.mockRestore();
  });
});

describe("HlsPlayer reasons", () => {
  it("explains plan suspension and the viewer-hour cap", () => {
    expect(describePlayerError(402)).toMatch(/suspended by your plan/);
    expect(describePlayerError(429)).toMatch(/viewer-hour cap/);
    expect(describePlayerError(404)).toMatch(/Waiting/);
    expect(describePlayerError(500)).toMatch(/HTTP 500/);
  });
});
