import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import CameraCard from "../../src/components/CameraCard";
import type { Camera } from "../../src/components/CameraCard";

vi.mock("../../src/components/HlsPlayer", () => ({ default: ({ title }: { title?: string }) => <div data-testid="player">{title}</div> }));

const camera: Camera = {
  camera_id: "n1_cam0",
  capabilities: ["streaming"],
  name: "Front door",
  status: "online",
  node_name: "Office",
  group: null,
  disabled_by_plan: false,
  recording_policy: { continuous_24_7: false, scheduled_recording: false },
};

describe("CameraCard", () => {
  it("shows a live thumbnail and admin recording controls", async () => {
    const onToggle = vi.fn();
    render(<CameraCard camera={camera} isAdmin onToggleRecording={onToggle} />);
    expect(screen.getByTestId("player")).toHaveTextContent("Front door live thumbnail");
    await userEvent.click(screen.getByRole("button", { name: "Record" }));
    expect(onToggle).toHaveBeenCalledWith(camera, true);
  });

  it("hides admin controls from members", () => {
    render(<CameraCard camera={camera} isAdmin={false} />);
    expect(screen.queryByRole("button", { name: /record/i })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "View" })).toBeInTheDocument();
  });

  it("shows offline and plan-suspended cameras without a player", () => {
    const { rerender } = render(<CameraCard camera={{ ...camera, status: "offline" }} />);
    expect(screen.queryByTestId("player")).not.toBeInTheDocument();
    expect(screen.getAllByText("Offline").length).toBeGreaterThan(0);
    rerender(<CameraCard camera={{ ...camera, disabled_by_plan: true }} />);
    expect(screen.getByText("Suspended by plan limit")).toBeInTheDocument();
  });
});
