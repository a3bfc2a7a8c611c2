import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { useEffect } from "react";
import { MemoryRouter } from "react-router";
import type { PlayerState } from "../../src/components/HlsPlayer";

// A player that reports "playing" at once and shows whether it was asked to draw its own badge.
vi.mock("../../src/components/HlsPlayer", () => ({
  default: ({ title, liveBadge = true, onStatus }: { title?: string; liveBadge?: boolean; onStatus?: (s: PlayerState) => void }) => {
    useEffect(() => onStatus?.({ phase: "playing", message: "", status: 200 }), [onStatus]);
    return <div data-testid="player" data-badge={String(liveBadge)}>{title}</div>;
  },
}));
const { default: CameraCard } = await import("../../src/components/CameraCard");

const camera = {
  camera_id: "n1_cam0",
  capabilities: [],
  name: "Front door",
  status: "streaming",
  node_name: "Office",
  group: "Yard",
  group_id: 1,
  disabled_by_plan: false,
  recording_policy: { continuous_24_7: false, scheduled_recording: true, scheduled_start: "22:00", scheduled_end: "06:00" },
};

describe("CameraCard", () => {
  it("offers Share to admins only, for that camera", () => {
    const onShare = vi.fn();
    const { rerender } = render(<CameraCard camera={camera} isAdmin onShare={onShare} />);
    screen.getByRole("button", { name: "Share Front door" }).click();
    expect(onShare).toHaveBeenCalledWith(camera);
    rerender(<CameraCard camera={camera} isAdmin={false} onShare={onShare} />);
    expect(screen.queryByRole("button", { name: "Share Front door" })).not.toBeInTheDocument();
  });

  it("says LIVE beside the name instead of over the picture", async () => {
    render(<CameraCard camera={camera} groupColor="#f59e0b" />);
    expect(screen.getByTestId("player")).toHaveAttribute("data-badge", "false");
    const pill = await screen.findByTestId("live-pill");
    expect(screen.getByTestId("player")).not.toContainElement(pill);
    expect(screen.getByRole("article", { name: "Front door" }).style.getPropertyValue("--group-color")).toBe("#f59e0b");
  });

  it("shows REC for a scheduled camera inside its window, and the window otherwise", () => {
    const { rerender } = render(<CameraCard camera={camera} recordingNow />);
    expect(screen.getByTestId("rec-pill")).toHaveTextContent("REC");
    expect(screen.getByTestId("rec-pill")).toHaveAttribute("title", "Recording on schedule 22:00–06:00");
    rerender(<CameraCard camera={camera} recordingNow={false} />);
    expect(screen.queryByTestId("rec-pill")).not.toBeInTheDocument();
    expect(within(screen.getByRole("article")).getByText("Scheduled 22:00–06:00")).toBeInTheDocument();
  });

  it("offers admins the way back for a camera suspended by the plan", () => {
    const { rerender } = render(<MemoryRouter><CameraCard camera={{ ...camera, disabled_by_plan: true }} isAdmin /></MemoryRouter>);
    expect(screen.getByText("Suspended by plan limit")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Upgrade to resume" })).toHaveAttribute("href", "/pricing");
    rerender(<MemoryRouter><CameraCard camera={{ ...camera, disabled_by_plan: true }} /></MemoryRouter>);
    expect(screen.queryByRole("link", { name: "Upgrade to resume" })).not.toBeInTheDocument();
  });
});
