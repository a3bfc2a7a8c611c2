import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import Modal from "../../src/components/Modal";

describe("Modal stacking", () => {
  it("lets only the topmost dialog answer Escape (Share opened from the camera viewer)", async () => {
    const closeViewer = vi.fn();
    const closeShare = vi.fn();
    render(
      <>
        <Modal title="Viewer" onClose={closeViewer}><button type="button">Snapshot</button></Modal>
        <Modal title="Share" onClose={closeShare}><input aria-label="Label" /></Modal>
      </>,
    );
    expect(screen.getByLabelText("Label")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(closeShare).toHaveBeenCalledTimes(1);
    expect(closeViewer).not.toHaveBeenCalled();
  });

  it("keeps focus where it is when the parent re-renders with a new onClose", async () => {
    const { rerender } = render(<Modal title="Share" onClose={() => {}}><input aria-label="Label" /><input aria-label="Limit" /></Modal>);
    await userEvent.click(screen.getByLabelText("Limit"));
    rerender(<Modal title="Share" onClose={() => {}}><input aria-label="Label" /><input aria-label="Limit" /></Modal>);
    expect(screen.getByLabelText("Limit")).toHaveFocus();
  });
});
